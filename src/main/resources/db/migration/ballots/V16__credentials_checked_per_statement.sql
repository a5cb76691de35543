-- Every credential belongs to a member on its ballot's roll. The foreign key said so row by row: opening a national
-- roll inserts 200,000 credentials in one statement, and checking each against roll_entry (with a lock on the entry it
-- found) was most of that statement's time, about 3.5 s of 4. The same rule is now checked once a statement, over all
-- the rows it inserted, by one anti-join; and a statement deleting roll entries checks that no credential is left
-- without one. A credential's ballot and member never change once it is issued, so they may not be updated at all.
alter table credential drop constraint credential_ballot_id_membership_number_fkey;

create function credentials_on_the_roll() returns trigger
    language plpgsql
as $$
begin
    if exists (select 1 from issued n
               where not exists (select 1 from ballots.roll_entry r
                                 where r.ballot_id = n.ballot_id and r.membership_number = n.membership_number)) then
        raise exception 'A credential was issued to someone not on the ballot''s roll'
            using errcode = 'foreign_key_violation';
    end if;
    return null;
end
$$;

create trigger credentials_on_the_roll after insert on credential
    referencing new table as issued
    for each statement execute function credentials_on_the_roll();

create function roll_entries_without_credentials() returns trigger
    language plpgsql
as $$
begin
    if exists (select 1 from removed o
               join ballots.credential c on c.ballot_id = o.ballot_id and c.membership_number = o.membership_number) then
        raise exception 'A roll entry was deleted while a credential still belongs to it'
            using errcode = 'foreign_key_violation';
    end if;
    return null;
end
$$;

create trigger roll_entries_without_credentials after delete on roll_entry
    referencing old table as removed
    for each statement execute function roll_entries_without_credentials();

create function credential_holder_unchanged() returns trigger
    language plpgsql
as $$
begin
    raise exception 'A credential''s ballot and member never change once it is issued'
        using errcode = 'integrity_constraint_violation';
end
$$;

-- Fires only for an update that names these columns: burning or replacing a credential does not.
create trigger credential_holder_unchanged before update of ballot_id, membership_number on credential
    for each row execute function credential_holder_unchanged();
