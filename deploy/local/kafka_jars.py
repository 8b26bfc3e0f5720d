"""Apache Kafka's runtime jars, resolved once through Maven from ``deploy/kafka/pom.xml``."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

from .kafka_logs import last_lines

KAFKA_VERSION = "4.1.1"
MIN_JAVA_MAJOR = 17

_POM = Path(__file__).resolve().parent.parent / "kafka" / "pom.xml"
_RESOLVED_MARKER = ".resolved"
_MAVEN_TIMEOUT_S = 900.0


def java_and_maven_available() -> bool:
    """True when ``mvn`` is on PATH and ``java`` on PATH is at least Java 17."""
    if shutil.which("mvn") is None:
        return False
    major = _java_major_version()
    return major is not None and major >= MIN_JAVA_MAJOR


def _java_major_version() -> int | None:
    if shutil.which("java") is None:
        return None
    try:
        result = subprocess.run(
            ["java", "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    # `java -version` prints to stderr, e.g. 'openjdk version "17.0.15"' or
    # 'java version "1.8.0_392"' (pre-9 numbering, where the major is the second field).
    match = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr)
    if match is None:
        return None
    first, second = int(match.group(1)), int(match.group(2) or 0)
    return second if first == 1 else first


def resolve_kafka_jars(cache_dir: Path) -> Path:
    """Return a directory holding the broker's runtime jars, fetching them with Maven once.

    The result is keyed on the pom's content, so editing ``deploy/kafka/pom.xml``
    re-resolves on the next call, while an unchanged pom costs one stat and one read.
    """
    jar_dir = cache_dir / f"kafka-{KAFKA_VERSION}"
    stamp = _pom_digest()
    if _is_resolved(jar_dir, stamp):
        return jar_dir

    cache_dir.mkdir(parents=True, exist_ok=True)
    # Resolve into a private staging dir and rename it into place, so a crash or
    # a concurrent resolve never leaves a half-filled jar_dir that looks complete.
    staging = cache_dir / f".kafka-{KAFKA_VERSION}.{os.getpid()}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        _run_maven_copy_dependencies(staging)
        (staging / _RESOLVED_MARKER).write_text(stamp + "\n")
        shutil.rmtree(jar_dir, ignore_errors=True)
        try:
            staging.rename(jar_dir)
        except OSError:
            # Another process won the race; its result is as good as ours.
            if not _is_resolved(jar_dir, stamp):
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return jar_dir


def _pom_digest() -> str:
    return hashlib.sha256(_POM.read_bytes()).hexdigest()


def _is_resolved(jar_dir: Path, stamp: str) -> bool:
    marker = jar_dir / _RESOLVED_MARKER
    return marker.is_file() and marker.read_text().strip() == stamp


def _run_maven_copy_dependencies(output_dir: Path) -> None:
    command = [
        "mvn", "-q", "-B",
        "-f", str(_POM),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={output_dir}",
        "-DincludeScope=runtime",
    ]  # fmt: skip
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=_MAVEN_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(
            f"Maven did not resolve the Kafka jars within {_MAVEN_TIMEOUT_S:.0f}s"
        ) from exc
    if result.returncode != 0:
        output = last_lines(result.stdout + result.stderr)
        raise RuntimeError(
            f"Maven failed to resolve the Kafka jars ({' '.join(command)}):\n{output}"
        )
