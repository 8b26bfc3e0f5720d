"""From a resolution to what is published and stored about it."""

from shared.contracts.beneficiaries import MatchExplanation, ReviewCandidate

from ..domain.match_model import MatchModel
from ..domain.resolution import Resolution, ScoredCandidate


def explain(resolution: Resolution, model: MatchModel) -> MatchExplanation:
    best = resolution.best
    return MatchExplanation(
        matched_person_id=best.person_id if best else None,
        matched_enrolment_id=best.record_id if best else None,
        score=best.score if best else None,
        comparison=best.comparison if best else {},
        weights=best.weights if best else {},
        agreed=best.agreed if best else [],
        disagreed=best.disagreed if best else [],
        held_back_by=list(best.held_back_by) if best else [],
        upper_threshold=model.upper_threshold,
        lower_threshold=model.lower_threshold,
        model_version=model.version,
        candidates_considered=resolution.candidates_considered,
        reason=resolution.reason,
        decided_by=f"registry:{model.version}",
    )


def review_candidate(scored: ScoredCandidate) -> ReviewCandidate:
    return ReviewCandidate(
        person_id=scored.person_id,
        enrolment_id=scored.record_id,
        score=scored.score,
        comparison=scored.comparison,
        held_back_by=list(scored.held_back_by),
    )
