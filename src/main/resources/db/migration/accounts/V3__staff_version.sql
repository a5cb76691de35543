-- One more with every change to who an account may act as (role, practices, LMC, enabled), so each signed-in
-- request compares one number by primary key instead of reloading the account and its practices.
alter table staff add column version bigint not null default 1;
