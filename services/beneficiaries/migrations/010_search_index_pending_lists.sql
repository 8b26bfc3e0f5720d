-- The person search's trigram indexes merge their pending lists on a timer,
-- beside the intake (service_layer/search_index_upkeep.py). At the default
-- 4 MB an insert reached the limit first and merged the list itself, holding
-- up its whole intake batch; 32 MB leaves the job over a minute of slack at 1,000
-- enrolments per second.
ALTER INDEX match_records_search SET (gin_pending_list_limit = 32768);
ALTER INDEX match_records_sound SET (gin_pending_list_limit = 32768);
