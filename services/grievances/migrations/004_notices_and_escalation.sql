-- Notices to reporters who asked for them, and to the officers of the level a case escalates
-- to; the level's own clock, so that a case still overdue there escalates again.

-- Where a named reporter asked to be told of news: sealed like the identity (the application
-- seals it; the database never sees it in clear), in a box of its own, so that sending a
-- notice opens the address and never the name.
CREATE TABLE reporter_notice_addresses (
    case_id     uuid PRIMARY KEY REFERENCES cases,
    medium      text NOT NULL CHECK (medium IN ('email', 'sms')),
    sealed      bytea NOT NULL,
    key_id      bytea NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reporter_notice_addresses_key ON reporter_notice_addresses (key_id);

-- A notice waits here, written in the transaction of what it tells, until it is sent.
CREATE TABLE notices (
    notice_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id          uuid NOT NULL REFERENCES cases,
    audience         text NOT NULL CHECK (audience IN ('reporter', 'escalation')),
    about            text NOT NULL,
    escalation_level int,
    created_at       timestamptz NOT NULL,
    sent_at          timestamptz,
    attempts         int NOT NULL DEFAULT 0,
    last_error       text,
    CHECK ((audience = 'escalation') = (escalation_level IS NOT NULL))
);
CREATE INDEX notices_unsent ON notices (notice_id) WHERE sent_at IS NULL;

-- A whistleblower report is followed with its receipt alone: a message on a shared phone or a
-- work mailbox could expose the reporter. The service never writes either row for one; this
-- holds even against a bug in it.
CREATE FUNCTION refuse_whistleblower_notice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM cases WHERE case_id = NEW.case_id
               AND kind = 'whistleblower_report') THEN
        RAISE EXCEPTION 'a whistleblower report gets no notices: its receipt is the only channel'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER reporter_notice_addresses_no_whistleblower
    BEFORE INSERT OR UPDATE ON reporter_notice_addresses
    FOR EACH ROW EXECUTE FUNCTION refuse_whistleblower_notice();
-- Officers are told of an escalated whistleblower report; its reporter never is.
CREATE TRIGGER notices_no_whistleblower
    BEFORE INSERT OR UPDATE ON notices
    FOR EACH ROW WHEN (NEW.audience = 'reporter')
    EXECUTE FUNCTION refuse_whistleblower_notice();

-- After escalating, the level has until this day; a case still open then goes up again.
ALTER TABLE cases ADD COLUMN level_due_on date;
ALTER TABLE deadline_breaches DROP CONSTRAINT deadline_breaches_clock_check;
ALTER TABLE deadline_breaches
    ADD CONSTRAINT deadline_breaches_clock_check CHECK (clock IN ('acknowledge', 'resolve', 'level'));
