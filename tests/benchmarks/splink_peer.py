"""Splink (https://moj-analytical-services.github.io/splink/) with DuckDB on
the same synthetic records the registry decides: the peer the quality
benchmark compares against. Benchmark-only (`pip install -e .[bench]`).

The setup is the one Splink's documentation teaches, nothing tuned to our
generators:
- cleaning: upper case, accents and punctuation removed, phone as its last ten
  digits; a CURP only where the record says it is one;
- blocking for predictions: CURP; phone; first surname and birth year; given
  names, first surname and municipality; given names and birth date; second
  surname and birth date;
- comparisons: Jaro-Winkler levels on the given names and each surname with
  term frequency adjustments; date of birth with levels (exact, one character,
  a month, a year, ten years); CURP exact or one character apart; phone exact;
  municipality exact with term frequencies; sex exact;
- training: the prior from deterministic rules (CURP; full name and birth
  date) at an assumed recall of 0.7, u by random sampling, m by
  expectation-maximisation on four blocking rules (CURP; birth date; first
  surname and given names; phone);
- decision: pairs at match probability >= MATCH_PROBABILITY are matches,
  clustered into persons by connected components."""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass

import duckdb
import pyarrow as pa
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from tests.benchmarks.synthetic_registry import SyntheticRecord

MATCH_PROBABILITY = 0.99
THRESHOLD_RULE = f"Splink: a pair is a match at match probability >= {MATCH_PROBABILITY}"

PREDICTION_BLOCKING = (
    block_on("curp"),
    block_on("phone"),
    block_on("paternal", "birth_year"),
    block_on("given_names", "paternal", "municipality"),
    block_on("given_names", "birth_date"),
    block_on("maternal", "birth_date"),
)
EM_BLOCKING = (
    block_on("curp"),
    block_on("birth_date"),
    block_on("paternal", "given_names"),
    block_on("phone"),
)


@dataclass(frozen=True)
class PeerRun:
    cluster_of: dict[int, int]  # record index -> Splink's cluster
    candidate_pairs: int
    true_pairs_in_candidates: int
    seconds: float


def clean(text: str | None) -> str | None:
    if not text:
        return None
    folded = unicodedata.normalize("NFKD", text.upper())
    letters = re.sub(r"[^A-ZÑ ]", " ", "".join(c for c in folded if not unicodedata.combining(c)))
    return " ".join(letters.split()) or None


def _phone(text: str | None) -> str | None:
    digits = re.sub(r"\D", "", text or "")
    return digits[-10:] if len(digits) >= 10 else None


def table_of(records: list[SyntheticRecord]) -> pa.Table:
    people = [r.enrolment.person for r in records]
    curps = [
        p.national_id.strip().upper() if p.national_id_type == "CURP" and p.national_id else None
        for p in people
    ]
    return pa.table(
        {
            "unique_id": list(range(len(records))),
            "given_names": [clean(p.given_names) for p in people],
            "paternal": [clean(p.paternal_surname) for p in people],
            "maternal": [clean(p.maternal_surname) for p in people],
            "sex": [p.sex for p in people],
            "birth_date": [p.birth_date for p in people],
            "birth_year": [p.birth_date.year for p in people],
            "curp": curps,
            "phone": [_phone(p.phone) for p in people],
            "municipality": [clean(p.municipality) for p in people],
        }
    )


def settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=list(PREDICTION_BLOCKING),
        comparisons=[
            cl.NameComparison("given_names").configure(term_frequency_adjustments=True),
            cl.NameComparison("paternal").configure(term_frequency_adjustments=True),
            cl.NameComparison("maternal").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("birth_date", input_is_string=False),
            cl.LevenshteinAtThresholds("curp", [1]),
            cl.ExactMatch("phone"),
            cl.ExactMatch("municipality").configure(term_frequency_adjustments=True),
            cl.ExactMatch("sex"),
        ],
        retain_intermediate_calculation_columns=False,
    )


def _train(linker: Linker, seed: int) -> None:
    linker.training.estimate_probability_two_random_records_match(
        [block_on("curp"), block_on("given_names", "paternal", "maternal", "birth_date")],
        recall=0.7,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=seed)
    for rule in EM_BLOCKING:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)


def link(records: list[SyntheticRecord], seed: int = 1) -> PeerRun:
    """Splink's persons for `records` (clusters by record index), and how many
    true pairs its blocking brought together."""
    con = duckdb.connect()
    started = time.perf_counter()
    db_api = DuckDBAPI(connection=con)
    linker = Linker(db_api.register(table_of(records)), settings(), log_level="ERROR")
    _train(linker, seed)
    predictions = linker.inference.predict()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=MATCH_PROBABILITY
    )
    cluster_of = {
        uid: cluster
        for uid, cluster in con.execute(
            f"SELECT unique_id, cluster_id FROM {clusters.physical_name}"
        ).fetchall()
    }
    seconds = time.perf_counter() - started
    con.register(
        "truth", pa.table({"uid": list(range(len(records))), "person": [r.truth for r in records]})
    )
    candidates, true_in = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE a.person = b.person) "
        f"FROM {predictions.physical_name} p "
        "JOIN truth a ON a.uid = p.unique_id_l JOIN truth b ON b.uid = p.unique_id_r"
    ).fetchone()
    con.close()
    return PeerRun(cluster_of, candidates, true_in, seconds)
