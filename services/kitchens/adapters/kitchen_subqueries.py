"""Subqueries about a kitchen `k` that several repositories' statements embed."""

# The kitchen's status on the day given as $2.
STATUS_ON_DAY = """(
    SELECT s.status FROM kitchen_status_periods s
    WHERE s.kitchen_id = k.kitchen_id AND s.effective_on <= $2
    ORDER BY s.effective_on DESC, s.recorded_at DESC LIMIT 1
)"""
ACTIVE_MEMBERS = """(
    SELECT count(*) FROM committee_members m
    WHERE m.kitchen_id = k.kitchen_id AND m.left_on IS NULL
)"""
