"""What a caseworker of one agency may see of a person
(services/beneficiaries/domain/visibility.py)."""

from datetime import date

from services.beneficiaries.domain.visibility import (
    IDENTITY_FIELDS,
    MERGE_EXISTENCE_FIELDS,
    case_file_for,
    detail_level,
    fields_shown,
    identity_block,
    may_change_identities,
    may_read_review,
    may_see_person,
    may_write_record,
    protection_told,
    review_is_related,
    shown_candidate_record,
    shown_decision,
    shown_enrolments,
    shown_overlaps,
)

OURS = {
    "enrolment_id": "e1",
    "agency": "dif-jalisco",
    "agency_record_id": "DIF-1",
    "programme": "P",
    "benefit_type": "food_basket",
    "started_on": "2026-01-01",
    "ended_on": None,
    "consent_to_share": False,
    "submitted_person": {"given_names": "Ana"},
}
THEIRS = {**OURS, "enrolment_id": "e2", "agency": "sedis-jalisco", "agency_record_id": "SED-9"}


def test_a_person_exists_for_a_caseworker_only_through_her_agency():
    assert may_see_person("dif-jalisco", ["sedis-jalisco", "dif-jalisco"])
    assert not may_see_person("dif-jalisco", ["sedis-jalisco"])
    assert not may_see_person("dif-jalisco", [])
    assert may_see_person(None, ["sedis-jalisco"])


def test_another_agencys_enrolment_shows_only_with_consent_and_leaves_no_trace_without():
    [ours] = shown_enrolments("dif-jalisco", [OURS, THEIRS])
    assert ours["submitted_person"] == {"given_names": "Ana"} and ours["details_shared"]
    shared = {**THEIRS, "consent_to_share": True}
    assert [e["agency_record_id"] for e in shown_enrolments("dif-jalisco", [shared])] == ["SED-9"]
    assert [e["details_shared"] for e in shown_enrolments(None, [OURS, THEIRS])] == [True, True]
    assert detail_level("dif-jalisco", [OURS, THEIRS]) == "limited"
    assert detail_level("dif-jalisco", [OURS]) == detail_level(None, [OURS, THEIRS]) == "full"


def test_a_review_task_concerns_the_agencies_of_its_records():
    assert review_is_related("dif-jalisco", ["sedis-jalisco", "dif-jalisco"])
    assert not review_is_related("dif-jalisco", ["sedis-jalisco", "ijm-jalisco"])
    assert review_is_related(None, [])


def test_a_review_of_another_agencys_record_is_read_only_when_that_record_is_shared():
    assert may_read_review("dif-jalisco", OURS, ["sedis-jalisco"])
    assert not may_read_review("dif-jalisco", THEIRS, ["dif-jalisco"]), "whose record it is"
    assert may_read_review("dif-jalisco", {**THEIRS, "consent_to_share": True}, ["dif-jalisco"])
    assert not may_read_review("dif-jalisco", {**THEIRS, "consent_to_share": True}, ["ijm"])
    assert may_read_review(None, THEIRS, [])


def test_a_candidate_record_not_shared_is_only_a_record_not_shared():
    hidden = {**THEIRS, "person_id": "p2"}
    assert shown_candidate_record("dif-jalisco", hidden, protected=False) == {
        "enrolment_id": "e2",
        "person_id": "p2",
        "details_shared": False,
    }
    assert shown_candidate_record("dif-jalisco", {**hidden, "consent_to_share": True}, False)[
        "agency"
    ] == ("sedis-jalisco")
    assert shown_candidate_record(None, hidden, False)["details_shared"]
    assert shown_candidate_record("dif-jalisco", None, False) is None


def overlap(overlap_id: str, a: dict, b: dict) -> dict:
    return {
        "overlap_id": overlap_id,
        "enrolment_a": a["enrolment_id"],
        "enrolment_b": b["enrolment_id"],
        "rule": "food_basket~food_basket",
        "raised_at": "t1",
        "cleared_at": None,
        "clear_reason": None,
    }


def test_an_overlap_with_a_record_not_shared_is_told_as_her_own_benefits_overlap():
    ours, shelter = record("dif", False), record("ijm", False)
    shared, other = record("sedis", True), record("cdmx", False)
    records = [ours, shelter, shared, other]
    hidden, both_seen, not_hers = (
        overlap("o1", ours, shelter),
        overlap("o2", ours, shared),
        overlap("o3", shared, other),
    )
    shown = shown_overlaps("dif", [hidden, both_seen, not_hers], records)
    assert shown == [
        {
            "overlap_id": hidden["overlap_id"],
            "raised_at": "t1",
            "cleared_at": None,
            "enrolment_id": ours["enrolment_id"],
            "details_shared": False,
        },
        {**both_seen, "details_shared": True},
    ], "another agency's overlap with a record she cannot see is not hers to learn of"
    assert "ijm" not in repr(shown)
    assert shown_overlaps("ijm", [hidden], records)[0]["enrolment_id"] == shelter["enrolment_id"]
    gone = overlap("o4", ours, record("x", True))
    assert shown_overlaps("dif", [gone], records) == [
        {
            "overlap_id": gone["overlap_id"],
            "raised_at": "t1",
            "cleared_at": None,
            "enrolment_id": ours["enrolment_id"],
            "details_shared": False,
        }
    ], "a record that is no longer hers counts as not shared"
    everything = shown_overlaps(None, [hidden, not_hers], records)
    assert [o["rule"] for o in everything] == ["food_basket~food_basket"] * 2


def record(agency: str, consent: bool, started: str = "2026-01-01", **person) -> dict:
    return {
        "enrolment_id": f"e-{agency}-{started}",
        "agency": agency,
        "agency_record_id": f"{agency}-1",
        "programme": "P",
        "benefit_type": "food_basket",
        "started_on": date.fromisoformat(started),
        "ended_on": None,
        "consent_to_share": consent,
        "submitted_person": person,
    }


PERSON_ROW = {
    "person_id": "p1",
    "given_names": "Ana",
    "paternal_surname": "Ríos",
    "maternal_surname": None,
    "sex": "M",
    "birth_date": "1990-01-01",
    "curp": "RIXA900101MJCSXN05",
    "state": "Jalisco",
    "municipality": "Tonalá",
    "locality": "Refugio",
    "phone": "3312345678",
}


def test_the_identity_block_comes_from_the_readers_records_then_those_shared_with_her():
    shelter = record("ijm", False, locality="Refugio", phone="3312345678", given_names="Ana")
    ours = record("dif", False, "2025-01-01", given_names="Ana María", phone="3300000000")
    newer = record("dif", False, "2026-02-01", given_names="Ana", municipality="Zapopan")
    shared = record("sedis", True, locality="Centro", state="Jalisco", national_id_type="CURP")
    block = identity_block("dif", PERSON_ROW, [shelter, ours, newer, shared], protected=False)
    assert block["given_names"] == "Ana", "her agency's newest record first"
    assert block["phone"] == "3300000000" and block["municipality"] == "Zapopan"
    assert block["locality"] == "Centro" and block["state"] == "Jalisco"
    assert block["curp"] is None, "a CURP type without the CURP says nothing"
    assert set(block) == set(IDENTITY_FIELDS)
    assert "Refugio" not in block.values() and "3312345678" not in block.values()
    assert identity_block(None, PERSON_ROW, [shelter], protected=True)["locality"] == "Refugio"


def test_protection_keeps_another_agencys_locality_and_phone_even_when_shared():
    shared = record("sedis", True, locality="Centro", phone="3311112222", given_names="Ana")
    ours = record("dif", False, locality="Colonia Roja", phone="3300000000")
    block = identity_block("ijm", PERSON_ROW, [shared], protected=True)
    assert block["locality"] is None and block["phone"] is None and block["given_names"] == "Ana"
    assert identity_block("dif", PERSON_ROW, [ours, shared], protected=True)["phone"] == (
        "3300000000"
    ), "her own agency's record is hers"
    [shown] = shown_enrolments("ijm", [shared], protected=True)
    assert shown["submitted_person"] == {"given_names": "Ana"}
    assert shown_enrolments("sedis", [shared], protected=True)[0]["submitted_person"]["phone"]
    assert shown_enrolments(None, [shared], protected=True)[0]["submitted_person"]["phone"]


def test_a_case_file_carries_only_the_follow_up_of_agencies_that_share_with_the_reader():
    enrolments = [record("dif", False), record("ijm", False), record("sedis", True)]
    follow_up = {
        "notes": [{"note_id": n, "agency": a} for n, a in (("1", "dif"), ("2", "ijm"), ("3", None))]
        + [{"note_id": "4", "agency": "sedis"}],
        "assessments": [{"assessment_id": "a", "agency": "ijm"}],
        "trainings": [{"training_id": "t", "agency": "sedis"}],
        "graduations": [
            {"graduated_on": date(2026, 1, 5), "agency": "ijm"},
            {"graduated_on": date(2026, 3, 1), "agency": "dif"},
        ],
        "meals": [{"kitchen_id": "K1", "served_on": date(2026, 3, 2)}],
    }
    found = {
        **PERSON_ROW,
        "enrolments": enrolments,
        "merges": [],
        "review_tasks": [],
        "support_overlaps": [],
    }
    view = case_file_for("dif", found, follow_up, protected=False)
    assert [n["note_id"] for n in view["notes"]] == ["1", "4"]
    assert view["assessments"] == [] and len(view["trainings"]) == 1
    assert view["graduated_on"] == date(2026, 3, 1)
    assert view["meals"] == follow_up["meals"], "she shared a record"
    assert case_file_for("dif", found, follow_up, protected=True)["meals"] == []
    alone = {**found, "enrolments": enrolments[:2]}
    assert case_file_for("dif", alone, follow_up, protected=False)["meals"] == []
    everything = case_file_for(None, found, follow_up, protected=True)
    assert len(everything["notes"]) == 4 and everything["graduated_on"] == date(2026, 1, 5)
    assert everything["locality"] == "Refugio"


def test_changing_whose_records_are_whose_needs_every_record_seen_and_one_of_hers():
    ours, shared, hidden = record("dif", False), record("sedis", True), record("ijm", False)
    assert may_change_identities("dif", [ours, shared])
    assert not may_change_identities("dif", [ours, shared, hidden])
    assert not may_change_identities("dif", [shared]), "none of them is her agency's"
    assert may_change_identities(None, [hidden])


def test_an_agency_writes_only_its_own_records():
    assert may_write_record("dif", "dif") and may_write_record(None, "dif")
    assert not may_write_record("dif", "sedis")


def test_the_access_log_gets_the_fields_shown_per_section_and_record():
    view = {
        **PERSON_ROW,
        "maternal_surname": "",
        "enrolments": [
            *shown_enrolments("dif", [record("dif", False, phone="33")]),
            *shown_enrolments("dif", [record("sedis", True, phone="44")], protected=True),
        ],
        "notes": [{"note_id": "n1", "body": "x", "agency": None}],
        "meals": [{"kitchen_id": "K", "served_on": "d"}, {"kitchen_id": "K", "served_on": "e"}],
        "protection": {"protected": False},
    }
    shown = fields_shown(view)
    assert "maternal_surname" not in shown["identity"] and "phone" in shown["identity"]
    assert shown["person"] == ["person_id"]
    assert "submitted_person.phone" in shown["enrolments"]["e-dif-2026-01-01"]
    assert "submitted_person.phone" not in shown["enrolments"]["e-sedis-2026-01-01"]
    assert shown["notes"] == {"n1": ["body", "note_id"]}
    assert shown["meals"] == {"rows": 2, "fields": ["kitchen_id", "served_on"]}
    assert shown["protection"] == ["protected"]


def test_a_merge_or_review_of_a_record_the_reader_cannot_see_leaves_no_trace():
    ours, hidden = record("dif", False), record("ijm", False)
    merge = {
        "merge_id": "m1",
        "survivor_id": "p1",
        "absorbed_id": "p2",
        "enrolment_ids": [hidden["enrolment_id"]],
        "reason": "vive en el refugio",
        "decided_by": "cw-ijm",
        "merged_at": "t",
        "unmerged_at": None,
    }
    both = {
        **merge,
        "merge_id": "m2",
        "enrolment_ids": [ours["enrolment_id"], hidden["enrolment_id"]],
    }
    task = {
        "review_task_id": "r1",
        "enrolment_id": ours["enrolment_id"],
        "agency": "dif",
        "consent_to_share": False,
        "reason": "score",
    }
    theirs = {**task, "review_task_id": "r2", "enrolment_id": "e-elsewhere", "agency": "ijm"}
    shared = {**theirs, "review_task_id": "r3", "consent_to_share": True}
    found = {
        **PERSON_ROW,
        "enrolments": [ours, hidden],
        "merges": [merge, both],
        "review_tasks": [task, theirs, shared],
        "support_overlaps": [],
    }
    follow_up = {s: [] for s in ("notes", "assessments", "trainings", "graduations", "meals")}
    view = case_file_for("dif", found, follow_up, protected=False)
    assert view["merges"] == [{k: both[k] for k in MERGE_EXISTENCE_FIELDS}], "hers moved too"
    assert view["review_tasks"] == [task, shared], "a review of a record shared with her shows"
    view = {**view, "review_tasks": view["review_tasks"][:1]}
    assert "ijm" not in repr(view) and "refugio" not in repr(view)
    assert case_file_for("ijm", found, follow_up, protected=False)["merges"][0] == merge
    everything = case_file_for(None, found, follow_up, protected=False)
    assert everything["merges"] == [merge, both] and len(everything["review_tasks"]) == 3


def test_a_caseworker_is_told_of_a_protection_only_from_what_she_may_read():
    ours = record("dif", False)
    shelter = {**record("ijm", False), "benefit_type": "violence_support"}
    assert not protection_told("dif", [ours, shelter], True, by_supervisor=False), (
        "the flag would name the shelter's benefit"
    )
    assert protection_told("dif", [ours, shelter], True, by_supervisor=True)
    assert protection_told("dif", [ours, {**shelter, "consent_to_share": True}], True, False)
    assert protection_told("ijm", [ours, shelter], True, False), "her agency's own record"
    assert protection_told("dif", [ours, record("sedis", True)], True, False), (
        "it keeps the shared record's locality and phone from her"
    )
    assert not protection_told("dif", [ours], False, False)
    assert protection_told(None, [ours, shelter], True, False)


def test_a_decision_names_the_record_it_compared_hers_with_only_when_she_sees_it():
    decision = {
        "outcome": "linked",
        "explanation": {"matched_enrolment_id": "e-ijm", "score": 20.0, "agreed": ["phone"]},
    }
    hidden = shown_decision("dif", decision, {"e-dif"})
    assert hidden["explanation"] == {
        "matched_enrolment_id": None,
        "score": 20.0,
        "agreed": ["phone"],
    }
    assert shown_decision("dif", decision, {"e-dif", "e-ijm"}) == decision
    assert shown_decision(None, decision, set()) == decision
    assert shown_decision("dif", {"outcome": "new_person", "explanation": None}, set()) == {
        "outcome": "new_person",
        "explanation": None,
    }
    ours = {**record("dif", False), "latest_decision": decision}
    [shown] = shown_enrolments("dif", [ours, record("ijm", False)])
    assert shown["latest_decision"]["explanation"]["matched_enrolment_id"] is None
