-- The moments a change to a day under way (its caps changed for the day) left the practice no room for routine need
-- with action 1 in force: from each the practice was full, as from a booking marked filled (FullSpans), though it may
-- turn nobody away. Kept beside the day's requests and folded with them into request_day's first_full_at and
-- full_spans. They say when the practice was full, not who changed what (the set-up log says that).
create table day_filled (
    id        bigint generated always as identity primary key,
    ods_code  text        not null,
    day       date        not null,
    filled_at timestamptz not null
);

-- Read by practice and days (a practice's evidence), and by days alone (England's).
create index day_filled_day on day_filled (ods_code, day);
create index day_filled_national on day_filled (day);
