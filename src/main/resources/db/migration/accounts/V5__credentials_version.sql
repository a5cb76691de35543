-- One more with every change that must end what the old credentials issued (a password chosen, changed or reset; the
-- account disabled). A token or page session records the number read with the password it was issued under, and is
-- refused once the account's number has moved on, however its writing interleaved with the change.
alter table staff add column credentials_version bigint not null default 1;
