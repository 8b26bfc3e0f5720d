"""Every event contract at the Kafka edge, with generated events: a valid one
comes out of JSON and `parse_record` exactly as it went in; an invalid or
hostile one is refused as an `InvalidMessage` (nothing else may escape) whose
text names the field and the reason and repeats nothing that was sent."""

import json
import re
from typing import Any

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from pydantic import BaseModel

from shared.contracts.base import EventContract
from shared.envelope import Envelope
from shared.errors import InvalidMessage, InvalidPayload
from shared.parsing import parse_record
from shared.records import IncomingRecord
from shared.text import is_unstorable, may_decode_unstorable, unstorable_location
from shared.topics import ALL_TOPICS, Topic
from tests.unit.contract_strategies import field_annotation, json_document, json_value, out_of_range

# Each test draws the contract, so the default profile's examples spread over
# all of them; `--hypothesis-profile=thorough` gives each many more.
CONTRACTS = st.sampled_from(
    [(topic, contract) for topic in ALL_TOPICS for contract in topic.contracts]
)
ENVELOPE_FIELDS = [name for name in Envelope.model_fields if name != "payload"]
# "field.path: reason", several joined by "; ". Fields the sender named are `?`.
REFUSAL = re.compile(r"^(?:[\w?\[\]-]+)(?:\.[\w?\[\]-]+)*: \S.*$", re.DOTALL)

HOSTILE_STRINGS = st.one_of(
    st.sampled_from(
        [
            "Robert'); DROP TABLE persons;--",
            "' OR '1'='1",
            "<script>alert(document.cookie)</script>",
            "<img src=x onerror=alert(1)>",
            "\x1b[2J\x1b[H",
            "line\r\nInjected-Header: yes",
            "\u202eevil\u202c",
            "${jndi:ldap://x/a}",
            "{{7*7}}",
            "../../etc/passwd",
            "\x00",
            "\ud800",
            "ok\x00ok",
        ]
    ),
    st.text(
        st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp"]), min_size=1, max_size=20
    ),
    st.integers(1_000, 20_000).map(lambda n: "Ñ" * n),
)
WRONG_TYPES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    HOSTILE_STRINGS,
    st.lists(st.integers(), min_size=1, max_size=3),
    st.just({"unexpected": "<b>object</b>"}),
)


def record(topic: Topic, value: bytes) -> IncomingRecord:
    return IncomingRecord(topic=topic.name, partition=0, offset=0, key=None, value=value)


def envelope_of(contract: type[EventContract], payload: Any) -> st.SearchStrategy[dict[str, Any]]:
    """An envelope around this payload; the optional fields are sometimes there."""
    fields = {name: json_value(*field_annotation(Envelope, name)) for name in ENVELOPE_FIELDS}
    fields.update(
        type=st.just(contract.event_type),
        version=st.just(contract.event_version),
        payload=st.just(payload),
    )
    optional = {name for name, info in Envelope.model_fields.items() if not info.is_required()}
    return st.fixed_dictionaries(
        {name: fields[name] for name in fields.keys() - optional},
        optional={name: fields[name] for name in optional},
    )


def refusal_of(topic: Topic, document: Any) -> InvalidMessage:
    value = json.dumps(document).encode() if not isinstance(document, bytes) else document
    with pytest.raises(InvalidMessage) as refused:
        parse_record(record(topic, value), topic)
    return refused.value


def assert_names_field_without_echo(refusal: InvalidMessage, field: str, sent: Any = None) -> None:
    text = str(refusal)
    assert REFUSAL.match(text), text
    assert text.split(": ", 1)[0] == field or text.startswith(f"{field}."), (field, text)
    if isinstance(sent, str) and len(sent) > 2:
        assert sent not in text
    if isinstance(refusal, InvalidPayload):
        assert refusal.rejection.field and refusal.rejection.reason
        assert text.startswith(f"payload.{refusal.rejection.field}")


@given(data=st.data())
def test_a_valid_event_comes_out_of_json_and_parsing_unchanged(data):
    topic, contract = data.draw(CONTRACTS)
    payload = contract.model_validate(data.draw(json_document(contract)))
    sent = data.draw(envelope_of(contract, payload.model_dump(mode="json")))
    parsed = parse_record(record(topic, json.dumps(sent).encode()), topic)
    assert type(parsed.payload) is contract and parsed.payload == payload
    expected = Envelope[contract].model_validate(sent)
    assert {name: getattr(parsed, name) for name in ENVELOPE_FIELDS} == {
        name: getattr(expected, name) for name in ENVELOPE_FIELDS
    }


@given(data=st.data())
def test_a_payload_without_a_required_field_is_refused_naming_it(data):
    topic, contract = data.draw(CONTRACTS)
    payload = data.draw(json_document(contract))
    missing = data.draw(
        st.sampled_from(
            [name for name, info in contract.model_fields.items() if info.is_required()]
        )
    )
    del payload[missing]
    refusal = refusal_of(topic, data.draw(envelope_of(contract, payload)))
    assert isinstance(refusal, InvalidPayload)
    assert_names_field_without_echo(refusal, f"payload.{missing}")
    assert "Field required" in refusal.rejection.reason


@given(data=st.data())
def test_a_field_of_the_wrong_type_is_refused_naming_it(data):
    topic, contract = data.draw(CONTRACTS)
    payload = data.draw(json_document(contract))
    field = data.draw(st.sampled_from(sorted(contract.model_fields)))
    payload[field] = data.draw(WRONG_TYPES)
    assume(_refused_by_the_contract(contract, payload))
    refusal = refusal_of(topic, data.draw(envelope_of(contract, payload)))
    assert_names_field_without_echo(refusal, f"payload.{field}", payload[field])


BOUNDED_FIELDS = st.sampled_from(
    [
        (topic, contract, name)
        for topic in ALL_TOPICS
        for contract in topic.contracts
        for name in contract.model_fields
        if out_of_range(*field_annotation(contract, name)) is not None
    ]
)


@given(data=st.data())
def test_a_value_out_of_its_range_is_refused_naming_the_field(data):
    topic, contract, field = data.draw(BOUNDED_FIELDS)
    payload = data.draw(json_document(contract))
    payload[field] = data.draw(out_of_range(*field_annotation(contract, field)))
    refusal = refusal_of(topic, data.draw(envelope_of(contract, payload)))
    assert isinstance(refusal, InvalidPayload)
    assert_names_field_without_echo(refusal, f"payload.{field}", payload[field])


def text_paths(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every free-text field, including those of nested objects that are always present."""
    paths = []
    for name, info in model.model_fields.items():
        annotation = field_annotation(model, name)[0]
        if annotation in (str, str | None):
            paths.append((*prefix, name))
        elif (
            isinstance(annotation, type)
            and issubclass(annotation, BaseModel)
            and info.is_required()
        ):
            paths.extend(text_paths(annotation, (*prefix, name)))
    return paths


TEXT_FIELDS = st.sampled_from(
    [
        (topic, contract, path)
        for topic in ALL_TOPICS
        for contract in topic.contracts
        for path in text_paths(contract)
    ]
)


@given(data=st.data())
def test_hostile_text_is_kept_as_data_or_refused_naming_the_field(data):
    topic, contract, path = data.draw(TEXT_FIELDS)
    payload = data.draw(json_document(contract))
    *parents, name = path
    holder = payload
    for parent in parents:
        holder = holder[parent]
    holder[name] = hostile = data.draw(HOSTILE_STRINGS)
    try:
        parsed = parse_record(
            record(topic, json.dumps(data.draw(envelope_of(contract, payload))).encode()), topic
        )
    except InvalidPayload as refusal:
        assert_names_field_without_echo(refusal, "payload." + ".".join(path), hostile)
        return
    kept = parsed.payload
    for step in path:
        kept = getattr(kept, step)
    assert kept == hostile
    assert not is_unstorable(hostile)


@given(data=st.data())
def test_an_invalid_envelope_field_is_refused_naming_it(data):
    topic, contract = data.draw(CONTRACTS)
    sent = data.draw(envelope_of(contract, data.draw(json_document(contract))))
    field = data.draw(st.sampled_from(ENVELOPE_FIELDS))
    beyond_bounds = out_of_range(*field_annotation(Envelope, field))
    sent[field] = data.draw(
        WRONG_TYPES if beyond_bounds is None else st.one_of(WRONG_TYPES, beyond_bounds)
    )
    assume(_refused_by_the_envelope(sent))
    assert_names_field_without_echo(refusal_of(topic, sent), field, sent[field])


@given(
    value=st.one_of(
        st.binary(min_size=1).filter(lambda b: not _is_json_object(b)),
        st.sampled_from(
            [
                b"\xff\xfe{}",
                b'{"a": "\xc3\x28"}',
                b"[" * 100_000 + b"]" * 100_000,
                b'{"version": ' + b"9" * 5_000 + b"}",
                b"null",
                b'"text"',
                b"42",
                b"[]",
                b"NaN",
            ]
        ),
        st.lists(st.integers()).map(lambda items: json.dumps(items).encode()),
    )
)
def test_bytes_that_are_not_a_json_object_are_refused_as_the_value(value):
    topic = ALL_TOPICS[0]
    with pytest.raises(InvalidMessage) as refused:
        parse_record(record(topic, value), topic)
    assert str(refused.value).startswith("value: ") and REFUSAL.match(str(refused.value))


@pytest.mark.parametrize(
    "event_type",
    ["<script>alert(1)</script>", "x" * 100, "beneficiaries.enrolment_submitted\x1b[2J"],
)
def test_an_unknown_type_is_named_only_when_it_looks_like_one(event_type):
    topic = ALL_TOPICS[0]
    sent = {
        "event_id": "6f1c2a9e-4a55-4a43-9c1e-2b1a8f0f6b11",
        "type": event_type,
        "version": 1,
        "occurred_at": "2026-11-21T09:30:00-06:00",
        "producer": "agency.x",
        "key": "k",
        "payload": {},
    }
    refusal = refusal_of(topic, sent)
    assert str(refusal).startswith("type: ")
    assert (event_type in str(refusal)) == (event_type == "x" * 100)


def _refused_by_the_contract(contract: type[EventContract], payload: dict[str, Any]) -> bool:
    try:
        contract.model_validate(payload, extra="ignore")
    except ValueError:
        return True
    return unstorable_location(payload) is not None


def _refused_by_the_envelope(sent: dict[str, Any]) -> bool:
    try:
        Envelope[dict[str, Any]].model_validate(sent, extra="ignore")
    except ValueError:
        return True
    return False


def _is_json_object(value: bytes) -> bool:
    try:
        return isinstance(json.loads(value), dict)
    except (ValueError, RecursionError):
        return False


ANY_TEXT = st.text(
    st.characters(exclude_categories=())
    | st.sampled_from(["\x00", "\ud800", "\udfff", "ñ", "\\", "u"])
)
JSON_TREES = st.recursive(
    st.none() | st.booleans() | st.integers() | ANY_TEXT,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(ANY_TEXT, children, max_size=4)
    ),
    max_leaves=12,
)


@example(tree={"name": "Mar\ud800a"}, escape_all=False, encoding="utf-8")
@given(
    tree=JSON_TREES,
    escape_all=st.booleans(),
    encoding=st.sampled_from(
        [
            "utf-8",
            "utf-8-sig",
            "utf-16",
            "utf-16-le",
            "utf-16-be",
            "utf-32",
            "utf-32-le",
            "utf-32-be",
        ]
    ),
)
def test_bytes_with_nothing_unstorable_in_them_decode_to_nothing_unstorable(
    tree, escape_all, encoding
):
    """The parser walks a decoded document for unstorable text only when its bytes may hold some."""
    raw = json.dumps(tree, ensure_ascii=escape_all).encode(encoding, "surrogatepass")
    if unstorable_location(json.loads(raw)) is not None:
        assert may_decode_unstorable(raw)
