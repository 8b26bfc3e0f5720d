-- Which benefit types overlap is configuration: rows here, not code.
CREATE TABLE overlap_rules (
    name      text PRIMARY KEY,
    benefit_a text NOT NULL,
    benefit_b text NOT NULL,
    note      text NOT NULL DEFAULT ''
);
INSERT INTO overlap_rules (name, benefit_a, benefit_b, note) VALUES
    ('food_basket~food_basket', 'food_basket', 'food_basket', 'two food baskets from different agencies'),
    ('food_basket~food_voucher', 'food_basket', 'food_voucher', 'a food basket and a food voucher'),
    ('food_voucher~food_voucher', 'food_voucher', 'food_voucher', 'two food vouchers'),
    ('cash_transfer~cash_transfer', 'cash_transfer', 'cash_transfer', 'two monthly cash transfers');

CREATE TABLE support_overlaps (
    overlap_id   uuid PRIMARY KEY,
    person_id    uuid NOT NULL REFERENCES persons,
    enrolment_a  uuid NOT NULL REFERENCES enrolments,
    enrolment_b  uuid NOT NULL REFERENCES enrolments,
    rule         text NOT NULL,
    raised_at    timestamptz NOT NULL DEFAULT now(),
    cleared_at   timestamptz,
    clear_reason text,
    CHECK (enrolment_a < enrolment_b)
);
-- Raised once: at most one open overlap per pair of enrolments.
CREATE UNIQUE INDEX support_overlaps_open_pair ON support_overlaps (enrolment_a, enrolment_b) WHERE cleared_at IS NULL;
CREATE INDEX support_overlaps_person ON support_overlaps (person_id) WHERE cleared_at IS NULL;
