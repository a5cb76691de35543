-- The scrutineer's list of decided replacement requests shows 50 a page, the latest decision first: each page is read
-- down this index rather than every decided request of every ballot sorted for it.
create index replacement_request_decided on replacement_request (decided_at desc, id desc) where state <> 'WAITING';
