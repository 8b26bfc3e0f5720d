"""The hashed lock files in requirements/ cover what pyproject.toml asks for.

`make run`, `make test` and deploy/Dockerfile install only from these locks, each
package checked against its hash (`pip install --require-hashes`). A dependency
added to pyproject.toml without `make lock` fails here, before an install would."""

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
RUNTIME_LOCK = REPO / "requirements" / "runtime.txt"
DEV_LOCK = REPO / "requirements" / "dev.txt"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())
FIRST_PARTY = {"shared", "services", "deploy", "tests"}
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def locked(path: Path) -> dict[str, str]:
    """Canonical name -> pinned version."""
    pins = {}
    for line in path.read_text().splitlines():
        if match := _PIN.match(line):
            pins[canonicalize_name(match[1])] = match[2]
    return pins


def entries(path: Path) -> list[str]:
    """Each requirement of the lock with its continuation lines (its hashes)."""
    text = path.read_text().replace("\\\n", " ")
    return [line for line in text.splitlines() if line and not line.lstrip().startswith("#")]


def dev_extras() -> list[str]:
    match = re.search(r"^DEV_EXTRAS := (.+)$", (REPO / "Makefile").read_text(), re.MULTILINE)
    assert match, "the Makefile names the extras `make run` and `make test` install"
    return match[1].split()


def build_requirements() -> list[str]:
    lines = (REPO / "requirements" / "build.in").read_text().splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def wanted(extras: list[str]) -> list[Requirement]:
    project = PYPROJECT["project"]
    texts = [*project["dependencies"], *PYPROJECT["build-system"]["requires"]]
    for extra in extras:
        texts += project["optional-dependencies"][extra]
    return [Requirement(text) for text in [*texts, *build_requirements()]]


LOCKS = {"runtime": (RUNTIME_LOCK, []), "dev": (DEV_LOCK, dev_extras())}


@pytest.mark.parametrize("lock", list(LOCKS))
def test_every_locked_package_is_pinned_with_hashes(lock):
    path, _ = LOCKS[lock]
    for entry in entries(path):
        assert _PIN.match(entry), f"{path.name}: not pinned to one version: {entry[:80]}"
        assert "--hash=sha256:" in entry, f"{path.name}: no hash for {entry.split()[0]}"


@pytest.mark.parametrize("lock", list(LOCKS))
def test_the_lock_covers_pyprojects_dependencies(lock):
    """Re-lock with `make lock` after changing pyproject.toml (CONTRIBUTING.md)."""
    path, extras = LOCKS[lock]
    pins = locked(path)
    for requirement in wanted(extras):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in {path.name}: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{path.name} pins {name}=={pins[name]}, outside {requirement}: run `make lock`"
        )


@pytest.mark.parametrize("lock", list(LOCKS))
def test_the_lock_covers_what_each_requested_extra_brings(lock):
    """faststream[kafka] needs aiokafka, PyJWT[crypto] needs cryptography: read from
    the installed metadata (this environment is installed from the dev lock)."""
    path, extras = LOCKS[lock]
    pins = locked(path)
    for requirement in wanted(extras):
        for extra in requirement.extras:
            for text in metadata.requires(requirement.name) or []:
                needed = Requirement(text)
                if needed.marker is not None and needed.marker.evaluate({"extra": extra}):
                    assert canonicalize_name(needed.name) in pins, (
                        f"{requirement} needs {needed.name}, missing from {path.name}"
                    )


def test_the_image_runs_the_versions_the_tests_run():
    runtime, dev = locked(RUNTIME_LOCK), locked(DEV_LOCK)
    differ = {n: (v, dev.get(n)) for n, v in runtime.items() if dev.get(n) != v}
    assert not differ, f"runtime and dev locks disagree (name: runtime, dev): {differ}"


def _imported_top_levels(root: Path) -> set[str]:
    names = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names - FIRST_PARTY - set(sys.stdlib_module_names)


def test_the_image_has_every_package_the_deployed_code_imports():
    """shared/ and services/ run in the image, which installs the runtime lock only
    (the console once imported httpx, then a test-only dependency)."""
    pins = locked(RUNTIME_LOCK)
    providers = metadata.packages_distributions()
    for module in sorted(
        _imported_top_levels(REPO / "shared") | _imported_top_levels(REPO / "services")
    ):
        distributions = {canonicalize_name(d) for d in providers.get(module, [])}
        assert distributions, f"no installed distribution provides `{module}`"
        assert distributions & pins.keys(), (
            f"`{module}` ({', '.join(sorted(distributions))}) is imported by the deployed code "
            f"but is not in {RUNTIME_LOCK.name}: add it to pyproject's dependencies, `make lock`"
        )


def test_make_and_the_image_install_from_the_locks_with_hashes():
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"pip install .*--require-hashes -r \$\(DEV_LOCK\)", makefile)
    assert "DEV_LOCK := requirements/dev.txt" in makefile
    assert re.search(r"pip install .*--no-deps --no-build-isolation -e \.", makefile)
    dockerfile = (REPO / "deploy" / "Dockerfile").read_text()
    assert re.search(r"pip install .*--require-hashes -r requirements/runtime\.txt", dockerfile)
    assert re.search(r"pip install .*--no-deps --no-build-isolation \.", dockerfile)
