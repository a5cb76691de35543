-- Each page of the scrutineer's decided replacement requests also says how many were decided in all, links sent and
-- requests declined. Counted from this index of the decided requests' states (an index-only scan) rather than from
-- every decided request's row, which holds the addresses and reasons too: the rows are still read for pages changed
-- since the table was last vacuumed, so the count is mostly index-only once vacuumed.
create index replacement_request_decided_state on replacement_request (state) where state <> 'WAITING';
