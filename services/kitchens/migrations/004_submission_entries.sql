-- A committee's entry (a daily report, an amendment, a purchase, a survey) sent from the
-- console carries the tablet's own id for it, made when the form was filled in. A tablet
-- that lost the answer sends the entry again with the same id: the primary key makes the
-- second claim wait for the first transaction and then find it, so the entry is applied
-- once and the resend is answered with the first result, even when the two race.
-- Keyed by kitchen too: an id replayed for another kitchen is that kitchen's own entry and
-- finds nothing of the first. No foreign key to kitchens: an entry for a code that is not
-- registered is refused by the use case (404) after its claim, not by a constraint error.
-- The fingerprint (of the kind and the body) refuses an id reused for a different entry.
-- result_id is set in the claim's own transaction, so no committed row lacks it.
CREATE TABLE submission_entries (
    kitchen_id  text NOT NULL,
    entry_id    uuid NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('report', 'amendment', 'purchase', 'survey')),
    fingerprint text NOT NULL,
    result_id   uuid,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kitchen_id, entry_id)
);
