"""What a caseworker of one agency may see of a person, and change.

A caseworker sees the people her agency enrolled. Of their enrolments with
other agencies she sees that they exist (agency, programme, benefit type,
dates) and their details only when the person consented to sharing on that
enrolment. A person her agency never enrolled does not exist for her.

What the case file says of a woman is built for the reader from what her
agency recorded and what other agencies shared by consent: the identity block
from those agencies' records (her agency's first), the follow-up (notes,
assessments, trainings, graduation) that those agencies wrote. Follow-up
written by nobody's agency (a supervisor's) stays with unscoped roles; the
meals kitchens report reach an agency when the woman shared at least one of
her records. A protected woman's locality and phone (and the kitchens that feed
her) reach no agency but the one that recorded them, consent or not.

Unscoped roles (supervisors, auditors, ops, admin) see everything."""

from collections.abc import Iterable, Sequence
from typing import Any

# What stays of another agency's enrolment without consent: that it exists and what support it is.
EXISTENCE_FIELDS = (
    "enrolment_id",
    "agency",
    "programme",
    "benefit_type",
    "started_on",
    "ended_on",
    "consent_to_share",
)
# The identity block of a case file, in the person row's words.
IDENTITY_FIELDS = (
    "given_names",
    "paternal_surname",
    "maternal_surname",
    "sex",
    "birth_date",
    "curp",
    "state",
    "municipality",
    "locality",
    "phone",
)
# What stays of a merge or a review task that moved or weighed a record the reader may not see.
MERGE_EXISTENCE_FIELDS = ("merge_id", "survivor_id", "absorbed_id", "merged_at", "unmerged_at")
REVIEW_EXISTENCE_FIELDS = ("review_task_id", "status", "opened_at", "decided_at")
# Where a woman can be found: what protection keeps from every other agency.
WHEREABOUTS = ("locality", "phone")


def may_see_person(agency: str | None, enrolment_agencies: Iterable[str]) -> bool:
    return agency is None or agency in set(enrolment_agencies)


def may_see_details(agency: str | None, enrolment: dict[str, Any]) -> bool:
    return agency is None or enrolment["agency"] == agency or bool(enrolment["consent_to_share"])


def shown_enrolment(
    agency: str | None, enrolment: dict[str, Any], protected: bool = False
) -> dict[str, Any]:
    if not may_see_details(agency, enrolment):
        return {**{k: enrolment.get(k) for k in EXISTENCE_FIELDS}, "details_shared": False}
    return {**shown_submitted(agency, enrolment, protected), "details_shared": True}


def shown_submitted(agency: str | None, record: dict[str, Any], protected: bool) -> dict[str, Any]:
    """A record the reader may see in full, less the locality and phone another
    agency recorded of a protected woman."""
    if not protected or agency is None or record["agency"] == agency:
        return record
    return {**record, "submitted_person": _without_whereabouts(record["submitted_person"])}


def detail_level(agency: str | None, enrolments: Iterable[dict[str, Any]]) -> str:
    """'full' when nothing was held back, 'limited' when some enrolment showed
    only its existence."""
    return "full" if all(may_see_details(agency, e) for e in enrolments) else "limited"


def review_is_related(agency: str | None, record_agencies: Iterable[str]) -> bool:
    """A review task concerns an agency when the record under review or a
    candidate's record is the agency's."""
    return agency is None or agency in set(record_agencies)


def may_change_identities(agency: str | None, records: Sequence[dict[str, Any]]) -> bool:
    """Merging, unmerging or deciding a review moves records between people: a
    caseworker may do it only when she sees every record of every person
    involved (her agency's, or shared by consent) and one of them is her
    agency's. `records`: each record's agency and consent_to_share."""
    if agency is None:
        return True
    return any(r["agency"] == agency for r in records) and all(
        may_see_details(agency, r) for r in records
    )


def sharing_agencies(agency: str | None, enrolments: Iterable[dict[str, Any]]) -> set[str]:
    """The agencies whose records the reader sees in full: her own and those the
    woman shared by consent on at least one of their records."""
    return {e["agency"] for e in enrolments if may_see_details(agency, e)}


def _value(record: dict[str, Any], field: str) -> Any:
    if field == "curp":
        national_id = record.get("national_id")
        if record.get("national_id_type") != "CURP" or not national_id:
            return None
        return national_id.strip().upper()
    return record.get(field)


def identity_block(
    agency: str | None,
    person: dict[str, Any],
    enrolments: Sequence[dict[str, Any]],
    protected: bool,
) -> dict[str, Any]:
    """The identity fields as the reader may know them. Unscoped: the person
    row. An agency: each field from her agency's records (latest first), else
    from another agency's record shared by consent, never another agency's
    locality or phone while the woman is protected."""
    if agency is None:
        return {field: person.get(field) for field in IDENTITY_FIELDS}
    own = [e for e in enrolments if e["agency"] == agency]
    shared = [e for e in enrolments if e["agency"] != agency and may_see_details(agency, e)]
    sources = [
        *(e["submitted_person"] for e in sorted(own, key=_newest_first)),
        *(
            _without_whereabouts(e["submitted_person"]) if protected else e["submitted_person"]
            for e in sorted(shared, key=_newest_first)
        ),
    ]
    return {
        field: next((v for v in (_value(s, field) for s in sources) if v not in (None, "")), None)
        for field in IDENTITY_FIELDS
    }


def _newest_first(enrolment: dict[str, Any]) -> tuple[int, str]:
    return (-enrolment["started_on"].toordinal(), enrolment["agency"])


def _without_whereabouts(person: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in person.items() if k not in WHEREABOUTS}


def shown_follow_up(
    agency: str | None, rows: Iterable[dict[str, Any]], sharing: set[str]
) -> list[dict[str, Any]]:
    """The follow-up rows the reader may read: written by her agency or by one
    that shares with her (`sharing_agencies`); all of them when unscoped."""
    return [r for r in rows if agency is None or r["agency"] in sharing]


def meals_shown(agency: str | None, enrolments: Iterable[dict[str, Any]], protected: bool) -> bool:
    """Kitchens are no agency: the meals they report reach an agency when the
    woman shared at least one record, and never while she is protected (a
    kitchen is where she can be found)."""
    if agency is None:
        return True
    return not protected and any(e["consent_to_share"] for e in enrolments)


# How each listed section of a read names its records in the access log.
RECORD_KEYS = {
    "enrolments": "enrolment_id",
    "notes": "note_id",
    "assessments": "assessment_id",
    "trainings": "training_id",
    "support_overlaps": "overlap_id",
    "merges": "merge_id",
    "review_tasks": "review_task_id",
    "candidates": "enrolment_id",
    "decisions": "decision_id",
}


def fields_shown(view: dict[str, Any]) -> dict[str, Any]:
    """The field names a read handed over, with a value, for the access log: the
    identity block's, the person's, and each section's per record (a nested
    object's fields one level down, as `submitted_person.phone`)."""
    shown: dict[str, Any] = {}
    for key, value in view.items():
        if isinstance(value, list):
            shown[key] = _section(key, value)
        elif isinstance(value, dict):
            shown[key] = _fields(value)
        elif _has_value(value):
            shown.setdefault("identity" if key in IDENTITY_FIELDS else "person", []).append(key)
    return shown


def _section(name: str, rows: list[Any]) -> dict[str, Any]:
    key = RECORD_KEYS.get(name)
    if key is None:
        fields = sorted({f for row in rows for f in _fields(row)})
        return {"rows": len(rows), "fields": fields}
    return {str(row[key]): _fields(row) for row in rows}


def _fields(record: dict[str, Any]) -> list[str]:
    names = []
    for key, value in record.items():
        if isinstance(value, dict):
            names += [f"{key}.{inner}" for inner, v in value.items() if _has_value(v)]
        elif _has_value(value):
            names.append(key)
    return sorted(names)


def _has_value(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def may_write_record(acting_agency: str | None, record_agency: str) -> bool:
    """An agency's caseworker sends, updates, ends and re-consents only her
    agency's records; unscoped roles act for the programme."""
    return acting_agency is None or acting_agency == record_agency


def case_file_for(
    agency: str | None,
    found: dict[str, Any],
    follow_up: dict[str, list[dict[str, Any]]],
    protected: bool,
) -> dict[str, Any]:
    """The case file as the reader may read it: `found` is the person row with
    her enrolments (and the sections beside them), `follow_up` every note,
    assessment, training, graduation and meal of hers."""
    enrolments = found["enrolments"]
    sharing = sharing_agencies(agency, enrolments)
    graduations = shown_follow_up(agency, follow_up["graduations"], sharing)
    seen = {e["enrolment_id"] for e in enrolments if may_see_details(agency, e)}
    return {
        **found,
        "merges": [
            _whole_or(agency, m, set(m["enrolment_ids"]) <= seen, MERGE_EXISTENCE_FIELDS)
            for m in found["merges"]
        ],
        "review_tasks": [
            _whole_or(agency, t, t["enrolment_id"] in seen, REVIEW_EXISTENCE_FIELDS)
            for t in found["review_tasks"]
        ],
        **identity_block(agency, found, enrolments, protected),
        "enrolments": [shown_enrolment(agency, e, protected) for e in enrolments],
        **{
            section: shown_follow_up(agency, follow_up[section], sharing)
            for section in ("notes", "assessments", "trainings")
        },
        "graduated_on": min((g["graduated_on"] for g in graduations), default=None),
        "meals": follow_up["meals"] if meals_shown(agency, enrolments, protected) else [],
    }


def _whole_or(
    agency: str | None, row: dict[str, Any], seen: bool, existence: tuple[str, ...]
) -> dict[str, Any]:
    """A merge or review task whole when the reader sees every record it moved or
    weighed; else that it happened (who decided and why are another agency's)."""
    return row if agency is None or seen else {k: row.get(k) for k in existence}
