-- When the member declared a role themselves (the joining form, or adding it to their own details), until a membership
-- import gives the member and so confirms it; null for the union's record. A ballot's roll does not trust a declared
-- role for a vote until the scrutineer checks it.
alter table member_role add column declared_at timestamptz;

-- The roles of members who joined online and whose record nobody but themselves has written since (no import, no
-- administrator) were theirs alone to declare. The versions are read, not the requests to join: those are deleted a
-- few days after their link is used.
update member_role r set declared_at = joined.recorded_at
from (select membership_number, min(recorded_at) as recorded_at
      from member_version where recorded_by = 'joining form'
      group by membership_number) joined
where joined.membership_number = r.membership_number
  and not exists (select 1 from member_version v
                  where v.membership_number = r.membership_number
                    and v.recorded_by not in ('joining form', 'member (self-service)'));
