"""The ops screen's pure parts: dead-letter headers, redaction, lag and throughput
arithmetic, last events, technical names in words."""

import json

from services.console import labels
from services.console.rules.ops import (
    MASK,
    Sample,
    TechnicalWords,
    cut,
    dead_letter,
    group_lag,
    keep_recent,
    last_event_per_producer,
    original_headers,
    partition_lag,
    rate,
    redacted_preview,
    replay_target,
)
from shared.topics import AGENCY_TOPICS, ALL_TOPICS

ENVELOPE = {
    "event_id": "5f0c1c1e-0000-4000-8000-000000000001",
    "type": "beneficiaries.enrolment_submitted",
    "version": 1,
    "producer": "agency.dif-jalisco",
    "key": "dif-jalisco:A-1",
    "payload": {
        "person": {"given_names": "María José", "curp": "GOMM800101MJCRRR09"},
        "agency_record_id": "A-1",
    },
}
HEADERS = [
    (b"content-type".decode(), b"application/json"),
    ("dlq.original.topic", b"beneficiaries.enrolments"),
    ("dlq.original.partition", b"4"),
    ("dlq.original.offset", b"17"),
    ("dlq.reason", b"payload.person.birth_date: Field required"),
    ("dlq.consumer.group", b"beneficiaries.beneficiaries.enrolments"),
    ("dlq.failed_at", b"2026-03-02T10:00:00+00:00"),
    ("dlq.event_id", ENVELOPE["event_id"].encode()),
]
TOPICS = ["beneficiaries.enrolments", "kitchens.daily-reports"]


def test_dead_letter_reads_every_dlq_header_and_names_the_event():
    dead = dead_letter(
        "beneficiaries.enrolments.dlq",
        1,
        3,
        json.dumps(ENVELOPE).encode(),
        HEADERS,
    )
    assert (dead.original_topic, dead.original_partition, dead.original_offset) == (
        "beneficiaries.enrolments",
        4,
        17,
    )
    assert dead.reason == "payload.person.birth_date: Field required"
    assert dead.consumer_group == "beneficiaries.beneficiaries.enrolments"
    assert (
        dead.event_id == ENVELOPE["event_id"]
        and dead.event_type == "beneficiaries.enrolment_submitted"
    )
    assert dead.ref == ("beneficiaries.enrolments.dlq", 1, 3)
    assert replay_target(dead, TOPICS) == "beneficiaries.enrolments"


def test_replay_goes_only_back_where_the_record_came_from():
    forged = [
        (n, b"kitchens.daily-reports" if n == "dlq.original.topic" else v) for n, v in HEADERS
    ]
    assert (
        replay_target(dead_letter("beneficiaries.enrolments.dlq", 0, 0, b"x", forged), TOPICS)
        is None
    )
    unknown = [(n, b"somewhere.else" if n == "dlq.original.topic" else v) for n, v in HEADERS]
    assert replay_target(dead_letter("somewhere.else.dlq", 0, 0, b"x", unknown), TOPICS) is None
    nameless = [(n, v) for n, v in HEADERS if n != "dlq.original.topic"]
    assert (
        replay_target(dead_letter("beneficiaries.enrolments.dlq", 0, 0, b"x", nameless), TOPICS)
        is None
    )


def test_broken_position_headers_do_not_break_the_page():
    broken = [(n, b"four" if n == "dlq.original.partition" else v) for n, v in HEADERS] + [
        ("dlq.reason", None)
    ]
    dead = dead_letter("beneficiaries.enrolments.dlq", 0, 0, b"", broken)
    assert dead.original_partition is None and dead.reason == ""


def test_the_replay_carries_the_original_headers_without_the_dlq_ones():
    assert original_headers([*HEADERS, ("event_id", None)]) == [
        ("content-type", b"application/json"),
        ("event_id", b""),
    ]


def test_the_preview_keeps_the_shape_and_identifiers_but_no_personal_data():
    preview = redacted_preview(json.dumps(ENVELOPE).encode())
    for personal in ("María", "GOMM800101MJCRRR09", "A-1"):
        assert personal not in preview
    assert (
        preview.startswith('{"payload": {"person": {"given_names": "' + MASK)
        and '"curp": "' + MASK in preview
    )
    assert (
        len(
            redacted_preview(
                json.dumps({"payload": {f"f{i}": "x" * 50 for i in range(40)}}).encode()
            )
        )
        <= 160
    )


def test_a_message_that_is_not_json_shows_its_punctuation_only():
    preview = redacted_preview(b'{"curp": "GOMM800101MJCRRR09", broken')
    assert (
        "GOMM" not in preview
        and preview.startswith("[37 bytes, no JSON]")
        and '{"xxxx": "' in preview
    )
    assert redacted_preview(None) == redacted_preview(b"") == "(vacío / empty)"


def test_cut_drops_control_and_direction_characters_and_shortens():
    assert cut("a\u202eb\x1bc") == "a�b�c"
    assert cut("x" * 500, 10) == "x" * 9 + "…"


def test_lag_counts_from_the_committed_offset_or_the_oldest_record_kept():
    assert partition_lag(end=120, committed=100, beginning=0) == 20
    assert (
        partition_lag(end=120, committed=None, beginning=30) == 90
    )  # never committed: starts at the earliest
    assert (
        partition_lag(end=120, committed=10, beginning=30) == 90
    )  # committed before retention deleted records
    assert partition_lag(end=120, committed=120, beginning=0) == 0
    lags = group_lag({0: 10, 1: 5, 2: 0}, {0: 7}, {0: 0, 1: 2, 2: 0})
    assert [(p.partition, p.lag) for p in lags] == [(0, 3), (1, 3), (2, 0)]


def test_throughput_is_the_offset_change_over_the_window():
    assert rate([Sample(0.0, 100)], 300) is None
    assert rate([Sample(0.0, 100), Sample(0.5, 110)], 300) is None  # too close to measure
    assert rate([Sample(0.0, 100), Sample(10.0, 150)], 300) == 5.0
    assert (
        rate([Sample(0.0, 0), Sample(100.0, 1000), Sample(500.0, 1400)], 300) == 1.0
    )  # the last sample spans the window
    assert (
        rate([Sample(0.0, 100), Sample(10.0, 20)], 300) == 0.0
    )  # a recreated topic never gives a negative rate


def test_samples_keep_the_window_and_one_before_it():
    samples: list[Sample] = []
    for at in (0.0, 100.0, 200.0, 400.0, 450.0):
        samples = keep_recent(samples, Sample(at, int(at)), 300)
    assert [s.at for s in samples] == [100.0, 200.0, 400.0, 450.0]


def test_last_event_per_producer_reads_the_envelope_and_skips_the_rest():
    def record(producer, ts, kind="x.y"):
        return ("t", b"k", json.dumps({"producer": producer, "type": kind}).encode(), ts)

    events = last_event_per_producer(
        [
            record("agency.a", 1000),
            record("agency.a", 3000, "late"),
            record("agency.b", 2000),
            ("t", b"k", b"not json", 5000),
            ("t", None, None, 6000),
        ]
    )
    assert [(e.producer, e.event_type) for e in events] == [
        ("agency.a", "late"),
        ("agency.b", "x.y"),
    ]
    assert events[0].at.year == 1970 and events[0].at.tzinfo is not None


def _technical_words(language: str = "es") -> TechnicalWords:
    return TechnicalWords(
        lambda key, **values: labels.translate(key, language, **values), labels.known
    )


def test_every_topic_and_event_type_has_words_in_both_languages():
    missing = [
        key
        for topic in (*ALL_TOPICS, *AGENCY_TOPICS)
        for key in (
            f"ops.named.topic.{topic.name}" + (".agency" if topic.per_agency else ""),
            *(f"ops.named.event.{contract.event_type}" for contract in topic.contracts),
        )
        if not labels.known(key)
    ]
    assert not missing, missing


def test_a_topic_its_agencys_own_and_its_dead_letters_read_in_words():
    words = _technical_words()
    assert words.topic("kitchens.events") == "Lo ocurrido en los comedores"
    assert words.topic("beneficiaries.enrolments.dif-jalisco") == (
        "Solicitudes de alta de DIF Jalisco"
    )
    assert words.topic("beneficiaries.enrolments.dif-jalisco.dlq") == (
        "No procesables de: Solicitudes de alta de DIF Jalisco"
    )
    assert words.topic("somewhere.else") == "Tema sin descripción"
    assert _technical_words("en").topic("grievances.intake.dlq") == (
        "Dead letters of: Grievances sent in"
    )


def test_a_consumer_group_an_event_and_a_producer_read_in_words():
    words = _technical_words()
    assert words.group_named("beneficiaries.beneficiaries.enrolments.agencies") == (
        "Registro de personas procesa: Solicitudes de alta al registro"
    )
    assert words.group_named("grievances.kitchens.events") == (
        "Servicio de quejas procesa: Lo ocurrido en los comedores"
    )
    assert words.event("kitchens.daily_report_accepted") == "Reporte del día aceptado"
    assert words.event("kitchens.something_new") == "Evento sin descripción"
    assert words.producer("agency.dif-jalisco") == "Agencia: DIF Jalisco"
    assert words.producer("channel.kitchen_tablet") == "Canal de quejas: Tableta del comedor"
    assert words.producer("grievances.http") == "Servicio de quejas"
    assert words.producer("tablet-gateway") == "Tabletas de los comedores"
    assert words.producer("tablet-test") == "Otro sistema"
