"""Resolving every record of the registry in one pass, scoring each pair once.

A pair's score reads both records alike: the comparison levels are symmetric,
a name's frequency adjusts the weight only when both records hold that name,
and the hold-backs ask the same of both sides (tests/unit/test_pair_sweep.py). So
the sweep takes the records in a fixed order; each one scores only the
candidates after it and hands each score to the candidate, which meets it
again when its own turn comes. Half the comparisons, and half the candidates
to fetch, for the same decisions as resolving each record against all of its
candidates."""

from collections.abc import Iterable
from uuid import UUID

from .identity import trusted_curp
from .match_model import MatchModel
from .resolution import (
    CandidateRecord,
    Resolution,
    ScoredCandidate,
    can_matter,
    decide,
    score_candidate,
)


class PairSweep:
    def __init__(self, model: MatchModel) -> None:
        self._model = model
        # Scores waiting for the later record of their pair, from its side.
        self._handed_on: dict[UUID, list[ScoredCandidate]] = {}

    def resolve(self, record: CandidateRecord, later: Iterable[CandidateRecord]) -> Resolution:
        """`record`'s outcome, given its candidates that come after it in the sweep
        (the earlier ones scored it already)."""
        scored = self._handed_on.pop(record.record_id, [])
        for candidate in later:
            score = score_candidate(self._model, record.identity, candidate)
            scored.append(score)
            # Only these can change an outcome, so only these wait in memory.
            if can_matter(self._model, score):
                self._handed_on.setdefault(candidate.record_id, []).append(
                    score._replace(
                        person_id=record.person_id,
                        record_id=record.record_id,
                        trusted_curp=trusted_curp(record.identity),
                    )
                )
        return decide(self._model, scored)
