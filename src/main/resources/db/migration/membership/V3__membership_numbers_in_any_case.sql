-- A membership number is the same whatever the case of its letters (MembershipNumbers): "m100" typed by a member is
-- the "M100" the membership system exported. Numbers already stored keep their spelling, because ballots' rolls,
-- voting links and logs name members by it and a voting link's holder never changes; the roll finds them in any case
-- through this index, which also keeps two members from having numbers that differ only in case.
--
-- Two members whose numbers already differ only in case are two people (each has a GMC number of their own), and
-- nothing here can tell which of them should keep the number, nor merge them: the upgrade stops, names them and
-- changes nothing, rather than leave a number that two members could each type.
do $$
declare
    clashes text;
    pairs   integer;
begin
    select string_agg(numbers, '; ' order by number collate "C") filter (where position <= 20), count(*)
    into clashes, pairs
    from (select upper(membership_number) as number,
                 string_agg(membership_number, ' and ' order by membership_number collate "C") as numbers,
                 row_number() over (order by upper(membership_number) collate "C") as position
          from membership.member
          group by upper(membership_number)
          having count(*) > 1) twins;
    if pairs > 0 then
        if pairs > 20 then
            clashes := clashes || '; and more';
        end if;
        raise exception 'This version of GP Action takes membership numbers that differ only in the case of their '
            'letters to be one number, and % sets of members on the roll have such numbers: %. '
            'Nothing has been changed, and the previous version still runs on this database. They are different '
            'people, each with a GMC number of their own, so all but one in each set need another number: correct '
            'it in the membership system and in this database, then start this version again.', pairs, clashes;
    end if;
end
$$;

create unique index member_number_any_case on member (upper(membership_number));
