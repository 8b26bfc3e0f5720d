-- The ops screen's outbox backlog of every service, as a view owned by the role that
-- migrates. The console's own role reads this view and nothing in the services'
-- schemas, whose tables hold names, CURPs and whistleblowers' identities: a view runs
-- with its owner's privileges, and it shows only a count and a time per service.
-- A new service adds its outbox here in a new migration.
CREATE VIEW outbox_backlogs AS
SELECT 'beneficiaries' AS service, count(*) AS unpublished, min(created_at) AS oldest
FROM beneficiaries.outbox WHERE published_at IS NULL
UNION ALL
SELECT 'kitchens', count(*), min(created_at)
FROM kitchens.outbox WHERE published_at IS NULL
UNION ALL
SELECT 'grievances', count(*), min(created_at)
FROM grievances.outbox WHERE published_at IS NULL;
