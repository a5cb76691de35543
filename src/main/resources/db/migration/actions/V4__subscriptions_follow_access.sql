-- Emails about a practice's actions go to those who may change them: its managers and administrators. Since this
-- version a change of access takes the subscriptions it ends with it; this ends those kept before then by someone
-- moved off the practice, made something else, or disabled. A new database has no subscriptions, and may not yet
-- have the accounts module's tables.
do $$
begin
    if to_regclass('accounts.staff') is not null then
        delete from actions.subscription s
        where not exists (
            select 1 from accounts.staff st
            where lower(st.email) = lower(s.email) and st.enabled
              and (st.role = 'ADMIN'
                   or (st.role = 'PRACTICE_MANAGER'
                       and exists (select 1 from accounts.staff_practice p
                                   where p.staff_id = st.id and p.ods_code = s.ods_code))));
    end if;
end $$;
