"""Cases the kitchens service's events open on their own. The channel
reference names the source, so one source can never open two cases."""

from shared.contracts.grievances import (
    MONITORING_FLAG_REFERENCE,
    GrievanceSubmittedV1,
    Subject,
)
from shared.contracts.kitchens import MonitoringFlagRaisedV1, SurveyBelowThresholdV1

from .policy import Policy


def survey_reference(survey: SurveyBelowThresholdV1) -> str:
    return f"kitchens.survey:{survey.survey_id}"


def flag_reference(flag: MonitoringFlagRaisedV1) -> str:
    return f"{MONITORING_FLAG_REFERENCE}{flag.flag_id}"


def from_low_survey(survey: SurveyBelowThresholdV1, policy: Policy) -> GrievanceSubmittedV1:
    below = ", ".join(survey.aspects_below) or "none on its own"
    return GrievanceSubmittedV1(
        channel="agency_system",
        channel_reference=survey_reference(survey),
        kind="non_conformity",
        category=_worst_aspect_category(survey, policy),
        subject=Subject(kind="kitchen", ref=survey.kitchen_id),
        description=(
            f"Satisfaction survey of {survey.surveyed_on} averaged {survey.average_score:.1f} "
            f"(threshold {survey.average_threshold:.1f}); "
            f"aspects below {survey.aspect_threshold}: {below}."
        ),
    )


def _worst_aspect_category(survey: SurveyBelowThresholdV1, policy: Policy) -> str:
    """The category of the lowest-scored aspect: among those below the aspect
    threshold, or among all when only the average was low."""
    worst = min(
        survey.aspects_below or survey.scores,
        key=lambda aspect: survey.scores.get(aspect, 5),
        default=None,
    )
    if worst is None:
        return policy.unmapped_category
    return policy.survey_aspect_categories.get(worst, policy.unmapped_category)


def from_monitoring_flag(flag: MonitoringFlagRaisedV1, policy: Policy) -> GrievanceSubmittedV1:
    return GrievanceSubmittedV1(
        channel="agency_system",
        channel_reference=flag_reference(flag),
        kind="non_conformity",
        category=policy.monitoring_rule_categories.get(flag.rule, policy.unmapped_category),
        subject=Subject(kind="kitchen", ref=flag.kitchen_id),
        description=f"Monitoring flag {flag.rule} for {flag.observed_on}: {flag.summary}",
    )
