-- What a message belongs to, in the sending module's own words (a ballot's mail is about 'ballot:<id>'), so that a
-- module counts the mail of its own that could not be delivered with one query, without listing what it sent.
alter table outbox add column about text;

create index outbox_failed_about on outbox (about, category) where status = 'FAILED';

-- Undelivered voting links sent before this version would otherwise drop out of their ballots' reports. Their
-- secret-link reference is the ballot credential's id; only this one-off upgrade reads the ballots schema, and only
-- where it exists (module schemas migrate in name order, so ballots' tables are there first).
do $$
begin
    if to_regclass('ballots.credential') is not null then
        update outbox o set about = 'ballot:' || c.ballot_id
        from ballots.credential c
        where o.status = 'FAILED' and o.category = 'ballot-link' and o.about is null
          and o.secret_link_reference = c.id::text;
    end if;
end
$$;
