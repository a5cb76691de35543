-- An address asked for beyond a member's few within the window was counted on the request, and named in the ballot's
-- log, every time it was asked for: anyone who knows a member's numbers could add to the count and the log without
-- end by asking for one address again and again. Each address not kept is now counted and named once per request.
-- The request keeps only a keyed hash of it, to know it again: the address is not offered to the scrutineer, and the
-- ballot's log, which names it, is where it is kept.
create table replacement_request_not_kept (
    request_id bigint not null references replacement_request (id),
    email_hash text   not null,
    primary key (request_id, email_hash)
);
