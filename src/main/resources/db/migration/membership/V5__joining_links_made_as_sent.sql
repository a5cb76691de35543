-- The link confirming a request to join is made as its email is sent, so a request is written before it has a link:
-- it gets its own id (which the email in the outbox refers to), and the hash of its link is set, and replaced, only
-- when the link is made.
alter table joining_request drop constraint joining_request_pkey;
alter table joining_request add column id bigint generated always as identity primary key;
alter table joining_request alter column token_hash drop not null;
alter table joining_request add constraint joining_request_token_hash_key unique (token_hash);
