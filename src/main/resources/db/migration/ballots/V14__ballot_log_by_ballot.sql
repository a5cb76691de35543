-- A ballot's log is read by ballot: on its page, and by the clock, which asks each tick whether it has already logged
-- why a ballot due to open without a trustee's key stays shut. Without this index each read scans every ballot's log.
create index ballot_log_ballot_action on ballot_log (ballot_id, action);
