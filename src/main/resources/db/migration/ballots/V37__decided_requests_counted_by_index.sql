-- Each page of the scrutineer's decided replacement requests also says how many were decided in all, links sent and
-- requests declined. Counted from this index of the decided requests' states alone (an index-only scan), rather than
-- from every decided request's row, which holds the addresses and reasons too.
create index replacement_request_decided_state on replacement_request (state) where state <> 'WAITING';
