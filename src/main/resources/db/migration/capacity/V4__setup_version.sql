-- Each save of a practice's set-up (its clinicians included) takes a new number from one sequence, so routing can
-- keep the set-up it last read and read it again only when the number it finds beside the day's counts has moved.
-- A sequence rather than a count per practice: a set-up removed and made again never comes back to a number seen.
create sequence practice_setup_version;

alter table practice_setup add column version bigint not null default nextval('practice_setup_version');
