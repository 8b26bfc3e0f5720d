"""What a caseworker of one agency may see of a person, and change.

A caseworker sees the people her agency enrolled. Of their enrolments with
other agencies she sees those the woman consented to share, whole; of the
others nothing at all: not whose they are, not the programme or benefit (a
"violence_support" is itself what a violence shelter must keep), not their
dates, not even how many. Two things alone betray that such a record exists,
each because the reader's own work depends on it: a support overlap with her
own agency's benefit (PRODUCT: overlaps are flagged for the agencies), told as
"her benefit overlaps another agency's support"; and, in a review of her own
agency's record, a candidate record she cannot see, told as one (it is why a
supervisor must decide). A person her agency never enrolled does not exist
for her.

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

from .protection import PROTECTIVE_BENEFIT_TYPES

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
# What stays of a merge that moved records the reader sees and records she may not see.
MERGE_EXISTENCE_FIELDS = ("merge_id", "survivor_id", "absorbed_id", "merged_at", "unmerged_at")
# What stays of an overlap of her agency's benefit with a record she may not see: that and when.
OVERLAP_EXISTENCE_FIELDS = ("overlap_id", "raised_at", "cleared_at")
# Where a woman can be found: what protection keeps from every other agency.
WHEREABOUTS = ("locality", "phone")


def may_see_person(agency: str | None, enrolment_agencies: Iterable[str]) -> bool:
    return agency is None or agency in set(enrolment_agencies)


def may_see_details(agency: str | None, enrolment: dict[str, Any]) -> bool:
    return agency is None or enrolment["agency"] == agency or bool(enrolment["consent_to_share"])


def shown_enrolments(
    agency: str | None, enrolments: Iterable[dict[str, Any]], protected: bool = False
) -> list[dict[str, Any]]:
    """The reader's agency's records and those shared with her by consent; the
    others are left out, leaving no trace."""
    seen = [e for e in enrolments if may_see_details(agency, e)]
    ids = {e["enrolment_id"] for e in seen}
    return [
        {
            **shown_submitted(agency, e, protected),
            "latest_decision": e.get("latest_decision")
            and shown_decision(agency, e["latest_decision"], ids),
            "details_shared": True,
        }
        for e in seen
    ]


def shown_decision(agency: str | None, decision: dict[str, Any], seen: set[Any]) -> dict[str, Any]:
    """A match decision about a record the reader sees: the record it compared
    hers with is named only when it is one of the woman's records she sees
    (`seen`, enrolment ids). The comparison stays: it explains her record's
    decision in agreement levels, not in the other record's values."""
    explanation = decision.get("explanation") or {}
    matched = explanation.get("matched_enrolment_id")
    if agency is None or matched is None or matched in {str(i) for i in seen}:
        return decision
    return {**decision, "explanation": {**explanation, "matched_enrolment_id": None}}


def shown_overlaps(
    agency: str | None, overlaps: Iterable[dict[str, Any]], enrolments: Iterable[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Support overlaps as the reader may know them: whole when she sees both
    records; when one is her agency's and the other is not shared, only that
    her record (`enrolment_id`) overlaps another agency's support, and when
    (the rule would name the other benefit, the reason for clearing it what
    became of the other record); otherwise not at all. `enrolments`: the
    person's records, an overlap's record not among them counts as not shared."""
    records = {e["enrolment_id"]: e for e in enrolments}
    shown = []
    for overlap in overlaps:
        sides = (records.get(overlap["enrolment_a"]), records.get(overlap["enrolment_b"]))
        seen = [s for s in sides if s is not None and may_see_details(agency, s)]
        if agency is None or len(seen) == 2:
            shown.append({**overlap, "details_shared": True})
        elif len(seen) == 1 and seen[0]["agency"] == agency:
            existence = {k: overlap[k] for k in OVERLAP_EXISTENCE_FIELDS}
            shown.append(
                {**existence, "enrolment_id": seen[0]["enrolment_id"], "details_shared": False}
            )
    return shown


def shown_submitted(agency: str | None, record: dict[str, Any], protected: bool) -> dict[str, Any]:
    """A record the reader may see in full, less the locality and phone another
    agency recorded of a protected woman."""
    if not protected or agency is None or record["agency"] == agency:
        return record
    return {**record, "submitted_person": _without_whereabouts(record["submitted_person"])}


def detail_level(agency: str | None, enrolments: Iterable[dict[str, Any]]) -> str:
    """'full' when nothing was held back, 'limited' when some enrolment was
    left out."""
    return "full" if all(may_see_details(agency, e) for e in enrolments) else "limited"


def review_is_related(agency: str | None, record_agencies: Iterable[str]) -> bool:
    """A review task concerns an agency when the record under review or a
    candidate's record is the agency's."""
    return agency is None or agency in set(record_agencies)


def may_read_review(
    agency: str | None, under_review: dict[str, Any], candidate_agencies: Iterable[str]
) -> bool:
    """A caseworker reads a review task that concerns her agency and whose
    record under review she may see: a task over another agency's record not
    shared with her would tell her whose record resembles her woman."""
    return may_see_details(agency, under_review) and review_is_related(
        agency, [under_review["agency"], *candidate_agencies]
    )


def shown_candidate_record(
    agency: str | None, record: dict[str, Any] | None, protected: bool
) -> dict[str, Any] | None:
    """A review candidate's record: whole when the reader may see it; else only
    that it is a record not shared with her (no agency, no details)."""
    if record is None:
        return None
    if may_see_details(agency, record):
        return {**shown_submitted(agency, record, protected), "details_shared": True}
    return {
        "enrolment_id": record["enrolment_id"],
        "person_id": record["person_id"],
        "details_shared": False,
    }


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


def protection_told(
    agency: str | None, enrolments: Iterable[dict[str, Any]], protected: bool, by_supervisor: bool
) -> bool:
    """Whether the reader is told that the woman is protected. Unscoped roles
    are. A caseworker is when the protection comes from what she may read (a
    protective record of her agency's or shared with her; a supervisor's
    decision) or changes what she reads (a record another agency shared with
    her, whose locality and phone it keeps from her). Otherwise the flag alone
    would tell her that an agency she cannot see serves the woman for violence,
    and it holds back nothing of what she reads (her agency's records are hers)."""
    if agency is None or not protected:
        return protected
    seen = [e for e in enrolments if may_see_details(agency, e)]
    return (
        by_supervisor
        or any(e["agency"] != agency for e in seen)
        or any(e["benefit_type"] in PROTECTIVE_BENEFIT_TYPES for e in seen)
    )


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
            shown for m in found["merges"] if (shown := _merge_shown(agency, m, seen)) is not None
        ],
        "review_tasks": [t for t in found["review_tasks"] if may_see_details(agency, t)],
        "support_overlaps": shown_overlaps(agency, found["support_overlaps"], enrolments),
        **identity_block(agency, found, enrolments, protected),
        "enrolments": shown_enrolments(agency, enrolments, protected),
        **{
            section: shown_follow_up(agency, follow_up[section], sharing)
            for section in ("notes", "assessments", "trainings")
        },
        "graduated_on": min((g["graduated_on"] for g in graduations), default=None),
        "meals": follow_up["meals"] if meals_shown(agency, enrolments, protected) else [],
    }


def _merge_shown(
    agency: str | None, merge: dict[str, Any], seen: set[Any]
) -> dict[str, Any] | None:
    """A merge whole when the reader sees every record it moved; that it happened
    when it moved some of them (who decided and why weighed the others); nothing
    when it moved none she sees."""
    moved = set(merge["enrolment_ids"])
    if agency is None or moved <= seen:
        return merge
    if moved & seen:
        return {k: merge.get(k) for k in MERGE_EXISTENCE_FIELDS}
    return None
