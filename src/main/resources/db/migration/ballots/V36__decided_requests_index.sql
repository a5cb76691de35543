-- The scrutineer's list of decided replacement requests shows 50 a page, the latest decision first: each page's rows
-- are read down this index rather than every decided request of every ballot sorted for them. How many were decided
-- in all, which the page also shows, is still counted from every decided request: a count, with no sort.
create index replacement_request_decided on replacement_request (decided_at desc, id desc) where state <> 'WAITING';
