-- Every address a request for a replacement link asked for, kept apart. A member's waiting request used to keep only
-- the latest address: anyone who knows the member's membership and GMC numbers could ask again in their name, to an
-- address of their own, and the member's address was lost. Now the scrutineer sees each address asked for, when it
-- was first and last asked for and how many times, and chooses where the link goes. The request's requested_email
-- stays the first address asked for.
create table replacement_request_address (
    request_id     bigint      not null references replacement_request (id),
    email          text        not null,
    first_asked_at timestamptz not null,
    last_asked_at  timestamptz not null,
    times          integer     not null check (times > 0),
    primary key (request_id, email)
);

insert into replacement_request_address (request_id, email, first_asked_at, last_asked_at, times)
select id, requested_email, received_at, received_at, 1
from replacement_request;
