-- A change to a day's caps made before that day counts up day_caps_changes, in the transaction that makes it. The day
-- a request beyond today's room is put on the waiting list for (the next working day with room for routine need)
-- depends on those caps, so routing keeps the day it found while this count, the set-up's version, the bank holidays
-- and the day itself are what they were, and looks again only when one of them moves.
alter table practice_setup add column day_caps_changes bigint not null default 0;
