"""A current librdkafka for kcat. Debian 12's kcat links librdkafka 2.0.2, whose
SCRAM sign-in Kafka 4 refuses (librdkafka#4895: the client nonce was sent twice;
fixed in 2.6.1). The confluent-kafka wheel the set-up uses carries a current
librdkafka; a link to it under the name kcat loads, in `.data/librdkafka`, lets
docs/integration.md's kcat example sign in with
`LD_LIBRARY_PATH=.data/librdkafka`."""

from pathlib import Path

import confluent_kafka

LIBRARY_DIR = Path(__file__).resolve().parents[2] / ".data" / "librdkafka"


def link_current_librdkafka() -> Path | None:
    """The directory holding the link, or None where the wheel keeps no separate
    library (then kcat uses the system's)."""
    wheel_libraries = Path(confluent_kafka.__file__).parent.parent / "confluent_kafka.libs"
    bundled = sorted(wheel_libraries.glob("librdkafka-*.so*"))
    if not bundled:
        return None
    LIBRARY_DIR.mkdir(parents=True, exist_ok=True)
    link = LIBRARY_DIR / "librdkafka.so.1"
    link.unlink(missing_ok=True)
    link.symlink_to(bundled[0])
    return LIBRARY_DIR
