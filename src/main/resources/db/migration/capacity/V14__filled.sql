-- The booking that left the practice no routine room with action 1 in force: from it the practice was full (the
-- online front door closed, routine requests went on the waiting list), though it may have turned nobody away yet.
-- The evidence counts a day full, and the front door closed, from here (FullSpans), as the replay does. Requests
-- recorded before this column have none marked, so their days count full from the first request turned away, as
-- before.
alter table contact_request add column filled boolean not null default false,
    add constraint contact_request_filled check (not filled or outcome = 'BOOKED');
