-- The clock asks each tick, for each ballot due to open without a trustee's key or found after its close, whether it
-- has logged why since the ballot was last scheduled: the latest scheduling is max(id) of the ballot's SCHEDULED
-- entries. By ballot, action and id that is one step back down an index, read from the index alone; by ballot and
-- action (V14) every scheduling's row was read from the table as well. Seen in EXPLAIN on PostgreSQL 15 with 60
-- ballots' logs of 4,000 entries: an Index Only Scan Backward under a Limit, 4 blocks, where the bitmap heap scan read
-- one block of the table per scheduling besides the index (LatestSchedulingByIndexTests checks the plan).
-- The index by ballot and action is this one's prefix and serves nothing this one does not, so it goes rather than be
-- kept up to date beside it at every entry (one for each replacement link, late enrolment and refusal, among others).
-- Plain create index, in the migration's transaction, as V22's: it blocks writes to ballot_log while it builds, which
-- migrations do before the application takes requests. No "if not exists": an index of this name left invalid by a
-- failed concurrent build would otherwise be kept, and the one it replaces dropped.
create index ballot_log_ballot_action_id on ballot_log (ballot_id, action, id);

drop index if exists ballot_log_ballot_action;
