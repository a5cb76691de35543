-- Every change to a practice's day (a booking, an undo, a cap changed, clinicians added) counts up `changes` in the
-- same transaction, taking the day's row first. A booking decided from what it read without a lock is written only
-- while `changes` is still what it read: then nothing it decided from has moved.
alter table practice_day add column changes bigint not null default 0;
