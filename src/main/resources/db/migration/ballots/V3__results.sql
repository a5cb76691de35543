-- Where each voter on the roll practises, as the practice directory had it when they were enrolled, so turnout
-- can be followed per ICB and per LMC without asking the directory again (practices move between areas).
alter table roll_entry
    add column practice_ods text,
    add column icb_code     text,
    add column lmc          text;

-- Who published the result; the time is in ballot.published_at.
alter table ballot
    add column published_by text;
