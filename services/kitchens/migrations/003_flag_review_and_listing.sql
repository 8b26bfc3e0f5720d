-- A monitoring flag is acknowledged (someone is looking into it) and closed with a reason by
-- programme staff; until now nothing closed a flag, so "open flags" counted every flag ever
-- raised. Who reviewed and why stay empty for a flag closed by other means (the grievance case
-- it opened ending), so no constraint ties them to the status.
ALTER TABLE monitoring_flags DROP CONSTRAINT monitoring_flags_status_check;
ALTER TABLE monitoring_flags
    ADD CONSTRAINT monitoring_flags_status_check
        CHECK (status IN ('open', 'acknowledged', 'closed')),
    ADD COLUMN reviewed_by   text,
    ADD COLUMN reviewed_at   timestamptz,
    ADD COLUMN review_reason text;

-- The open-flag counts (indicators, the kitchens list) read only flags not yet closed.
CREATE INDEX monitoring_flags_not_closed ON monitoring_flags (kitchen_id) WHERE status <> 'closed';

-- The programme's kitchens list filters by municipality and status.
CREATE INDEX kitchens_alcaldia_status ON kitchens (alcaldia, status);
