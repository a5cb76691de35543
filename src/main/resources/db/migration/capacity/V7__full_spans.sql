-- When each folded day's practice was full (FullSpans), kept with the day as requests are folded into counts: the
-- minutes the closing front door was shut end where a routine booking showed it had room again, not at the end of
-- the day. A span with no end ran to the end of the day. Spans are kept to the minute, as the figure is counted; they
-- say when the practice was full, not who asked or was booked.
alter table request_day add column full_spans tstzmultirange;

-- Days folded before this kept only the first request turned away: their one span runs from it to the end of the day,
-- as they were counted until now.
update request_day set full_spans = tstzmultirange(tstzrange(first_full_at, null))
where first_full_at is not null;
