-- Registry, committees, amendments, purchases, the purse ledger, surveys,
-- monitoring flags, and the programme's configuration as data.

ALTER TABLE kitchens
    ADD COLUMN marginalisation text NOT NULL DEFAULT 'high' CHECK (marginalisation IN ('high', 'very_high')),
    ADD COLUMN opening_date    date NOT NULL DEFAULT DATE '2020-01-01';

CREATE TABLE kitchen_status_periods (
    kitchen_id   text NOT NULL REFERENCES kitchens,
    status       text NOT NULL CHECK (status IN ('active', 'suspended', 'closed')),
    effective_on date NOT NULL,
    reason       text NOT NULL,
    decided_by   text NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (kitchen_id, recorded_at)
);
-- Kitchens registered before this migration were active from their opening date.
INSERT INTO kitchen_status_periods (kitchen_id, status, effective_on, reason, decided_by)
SELECT kitchen_id, status, opening_date, 'registered before status history', 'migration' FROM kitchens;

CREATE TABLE kitchen_history (
    kitchen_id  text NOT NULL REFERENCES kitchens,
    change_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    change      text NOT NULL,
    details     jsonb NOT NULL,
    decided_by  text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kitchen_history_by_kitchen ON kitchen_history (kitchen_id, change_id);

CREATE TABLE committee_members (
    member_id    uuid PRIMARY KEY,
    kitchen_id   text NOT NULL REFERENCES kitchens,
    full_name    text NOT NULL,
    role         text NOT NULL CHECK (role IN ('president', 'treasurer', 'secretary', 'member')),
    person_id    uuid,
    joined_on    date NOT NULL,
    left_on      date,
    leave_reason text
);
CREATE INDEX committee_members_active ON committee_members (kitchen_id) WHERE left_on IS NULL;

-- A correction keeps the original: the original row is marked superseded.
ALTER TABLE daily_reports
    ADD COLUMN amends_report_id uuid REFERENCES daily_reports,
    ADD COLUMN amendment_reason text,
    ADD COLUMN superseded       boolean NOT NULL DEFAULT false,
    ALTER COLUMN source_event_id DROP NOT NULL,
    DROP CONSTRAINT daily_reports_kitchen_id_report_date_key;
CREATE UNIQUE INDEX daily_reports_one_current_per_day ON daily_reports (kitchen_id, report_date) WHERE NOT superseded;

CREATE TABLE purchases (
    purchase_id       uuid PRIMARY KEY,
    kitchen_id        text NOT NULL REFERENCES kitchens,
    purchased_on      date NOT NULL,
    supplier          text NOT NULL,
    category          text NOT NULL CHECK (category IN ('perishable', 'non_perishable', 'other')),
    amount_centavos   bigint NOT NULL CHECK (amount_centavos > 0),
    receipt_reference text NOT NULL,
    source_event_id   uuid,
    UNIQUE (kitchen_id, receipt_reference)
);
CREATE INDEX purchases_by_day ON purchases (kitchen_id, purchased_on);

-- Double entry: every transaction's entries sum to zero (checked at commit).
-- Debits are positive, credits negative; a purse is an asset account.
CREATE TABLE ledger_transactions (
    txn_id     uuid PRIMARY KEY,
    kind       text NOT NULL CHECK (kind IN ('subsidy', 'purchase')),
    kitchen_id text NOT NULL REFERENCES kitchens,
    booked_on  date NOT NULL,
    reference  text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE ledger_entries (
    entry_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    txn_id          uuid NOT NULL REFERENCES ledger_transactions,
    account         text NOT NULL,
    amount_centavos bigint NOT NULL CHECK (amount_centavos <> 0)
);
CREATE INDEX ledger_entries_by_account ON ledger_entries (account);
CREATE INDEX ledger_entries_by_txn ON ledger_entries (txn_id);

CREATE FUNCTION ledger_transaction_balances() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT sum(amount_centavos) FROM ledger_entries WHERE txn_id = NEW.txn_id) <> 0 THEN
        RAISE EXCEPTION 'ledger transaction % does not balance', NEW.txn_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER ledger_entries_balance AFTER INSERT ON ledger_entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transaction_balances();

CREATE TABLE subsidy_credits (
    kitchen_id      text NOT NULL REFERENCES kitchens,
    month           date NOT NULL CHECK (extract(day FROM month) = 1),
    rations         int NOT NULL,
    amount_centavos bigint NOT NULL,
    txn_id          uuid NOT NULL REFERENCES ledger_transactions,
    PRIMARY KEY (kitchen_id, month)
);

CREATE TABLE surveys (
    survey_id       uuid PRIMARY KEY,
    kitchen_id      text NOT NULL REFERENCES kitchens,
    surveyed_on     date NOT NULL,
    scores          jsonb NOT NULL,
    average_score   numeric(3, 2) NOT NULL,
    comment         text NOT NULL DEFAULT '',
    source_event_id uuid
);
CREATE INDEX surveys_by_day ON surveys (kitchen_id, surveyed_on);

CREATE TABLE monitoring_flags (
    flag_id     uuid PRIMARY KEY,
    kitchen_id  text NOT NULL REFERENCES kitchens,
    rule        text NOT NULL,
    observed_on date NOT NULL,
    summary     text NOT NULL,
    evidence    jsonb NOT NULL,
    status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    raised_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (kitchen_id, rule, observed_on)
);

-- Configuration. Edit these rows to change the programme's rules; no release needed.
CREATE TABLE holidays (
    day  date PRIMARY KEY,
    name text NOT NULL
);
INSERT INTO holidays (day, name) VALUES
    ('2025-01-01', 'Año Nuevo'), ('2025-02-03', 'Día de la Constitución'), ('2025-03-17', 'Natalicio de Benito Juárez'),
    ('2025-05-01', 'Día del Trabajo'), ('2025-09-16', 'Día de la Independencia'), ('2025-11-17', 'Día de la Revolución'),
    ('2025-12-25', 'Navidad'),
    ('2026-01-01', 'Año Nuevo'), ('2026-02-02', 'Día de la Constitución'), ('2026-03-16', 'Natalicio de Benito Juárez'),
    ('2026-05-01', 'Día del Trabajo'), ('2026-09-16', 'Día de la Independencia'), ('2026-11-16', 'Día de la Revolución'),
    ('2026-12-25', 'Navidad'),
    ('2027-01-01', 'Año Nuevo'), ('2027-02-01', 'Día de la Constitución'), ('2027-03-15', 'Natalicio de Benito Juárez'),
    ('2027-05-01', 'Día del Trabajo'), ('2027-09-16', 'Día de la Independencia'), ('2027-11-15', 'Día de la Revolución'),
    ('2027-12-25', 'Navidad');

-- Per-ration amounts with validity dates: the diner's recovery fee and the government's subsidy.
CREATE TABLE rates (
    kind          text NOT NULL CHECK (kind IN ('recovery_fee', 'subsidy_per_ration')),
    valid_from    date NOT NULL,
    valid_until   date,
    centavos      int  NOT NULL CHECK (centavos > 0),
    PRIMARY KEY (kind, valid_from),
    CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
INSERT INTO rates (kind, valid_from, valid_until, centavos) VALUES
    ('recovery_fee', '2020-01-01', NULL, 1000),
    ('subsidy_per_ration', '2020-01-01', NULL, 1150);

CREATE TABLE parameters (
    name        text PRIMARY KEY,
    value       numeric NOT NULL,
    description text NOT NULL
);
INSERT INTO parameters (name, value, description) VALUES
    ('fee_tolerance_percent', 10, 'Fees may differ from rations × recovery fee by this share before a report is refused.'),
    ('repeated_count_days', 5, 'Flag a kitchen that reports the same total this many operating days in a row.'),
    ('jump_window_reports', 20, 'How many earlier reports make the kitchen''s recent average.'),
    ('jump_min_history', 5, 'No jump is judged before the kitchen has this many earlier reports.'),
    ('jump_factor', 1.5, 'Flag a day whose rations exceed the recent average by this factor.'),
    ('spending_outlier_factor', 2, 'Flag a month whose spending per ration is this factor above or below the peers'' median.'),
    ('spending_outlier_min_peers', 3, 'No spending comparison with fewer kitchens than this in the month.'),
    ('survey_average_threshold', 3, 'A survey whose average is below this opens a non-conformity.'),
    ('survey_aspect_threshold', 2, 'A survey with any aspect below this opens a non-conformity.');
