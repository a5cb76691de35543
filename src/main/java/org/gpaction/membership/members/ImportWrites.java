package org.gpaction.membership.members;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The changes a membership file makes once {@link ImportStaging} has found no problem in it, each one statement over
 * the whole file, in the import's transaction.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class ImportWrites {

    record Changes(int created, int updated, int unchanged) {}

    private final JdbcClient jdbc;

    ImportWrites(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Creates the members new to the roll and updates those whose details or roles differ, each with its status,
     * a version of the whole record and an audit entry; members the file gives exactly as they are stay untouched.
     * The file is the union's record: every role it gives a member is confirmed, so a member with a role they declared
     * themselves (joining online, or adding it to their details) is updated even if the file gives them exactly as
     * they had it, their roles then all the union's.
     */
    Changes apply(String fileName, String actor, Instant now) {
        Timestamp at = Timestamp.from(now);
        jdbc.sql("""
                        create temporary table import_change on commit drop as
                        select m.membership_number,
                               case when held.membership_number is null then 'CREATED'
                                    when (held.gmc_number, held.given_name, held.family_name, held.email, held.status,
                                          held.status_since, held.joined_on)
                                         is distinct from
                                         (m.gmc_number, m.given_name, m.family_name, m.email, m.status,
                                          m.status_since, m.joined_on)
                                      or coalesce(given.roles, '[]') <> coalesce(kept.roles, '[]')
                                      or exists (select 1 from membership.member_role declared
                                                 where declared.membership_number = m.membership_number
                                                   and declared.declared_at is not null) then 'UPDATED'
                                    else 'UNCHANGED' end as change,
                               coalesce(given.roles, '[]') as roles
                        from pg_temp.import_member m
                        left join membership.member held using (membership_number)
                        left join (select membership_number,
                                          jsonb_agg(jsonb_build_object('role', role, 'practiceOds', practice_ods,
                                                                       'from', role_from, 'to', role_to)
                                                    order by line) as roles
                                   from pg_temp.import_row where role is not null
                                   group by membership_number) given using (membership_number)
                        left join (select membership_number,
                                          jsonb_agg(jsonb_build_object('role', role, 'practiceOds', practice_ods,
                                                                       'from', role_from, 'to', role_to)
                                                    order by position) as roles
                                   from membership.member_role
                                   where membership_number in (select membership_number from pg_temp.import_member)
                                   group by membership_number) kept using (membership_number)
                        """).update();
        // Each row's unique GMC number and address are checked as it is written, so the ones members give up are
        // set aside first, for a member the file gives them to be written before or after the one giving them up.
        jdbc.sql("""
                        update membership.member held
                        set gmc_number = case when held.gmc_number <> m.gmc_number
                                              then 'moving ' || held.membership_number else held.gmc_number end,
                            email = case when lower(held.email) <> m.email
                                         then 'moving ' || held.membership_number else held.email end
                        from pg_temp.import_member m join pg_temp.import_change c using (membership_number)
                        where c.change = 'UPDATED' and held.membership_number = m.membership_number
                          and (held.gmc_number <> m.gmc_number or lower(held.email) <> m.email)
                        """).update();
        jdbc.sql("""
                        insert into membership.member (membership_number, gmc_number, given_name, family_name, email,
                                                       status, status_since, joined_on, updated_at)
                        select m.membership_number, m.gmc_number, m.given_name, m.family_name, m.email, m.status,
                               m.status_since, m.joined_on, :now
                        from pg_temp.import_member m join pg_temp.import_change c using (membership_number)
                        where c.change = 'CREATED'
                        order by m.line
                        """).param("now", at).update();
        jdbc.sql("""
                        update membership.member held
                        set gmc_number = m.gmc_number, given_name = m.given_name, family_name = m.family_name,
                            email = m.email, status = m.status, status_since = m.status_since,
                            joined_on = m.joined_on, updated_at = :now
                        from pg_temp.import_member m join pg_temp.import_change c using (membership_number)
                        where c.change = 'UPDATED' and held.membership_number = m.membership_number
                        """).param("now", at).update();
        jdbc.sql("""
                        delete from membership.member_role
                        where membership_number in (select membership_number from pg_temp.import_change
                                                    where change = 'UPDATED')
                        """).update();
        jdbc.sql("""
                        insert into membership.member_role (membership_number, position, role, practice_ods,
                                                            role_from, role_to)
                        select r.membership_number,
                               row_number() over (partition by r.membership_number order by r.line) - 1,
                               r.role, r.practice_ods, r.role_from, r.role_to
                        from pg_temp.import_row r join pg_temp.import_change c using (membership_number)
                        where c.change <> 'UNCHANGED' and r.role is not null
                        """).update();
        // The file gives each member's status since a day: what was recorded after that day is what it corrects
        // (a lapse later withdrawn, say), so it goes, and eligibility on any later day reads the status given.
        jdbc.sql("""
                        delete from membership.member_status s
                        using pg_temp.import_member m join pg_temp.import_change c using (membership_number)
                        where c.change <> 'UNCHANGED' and s.membership_number = m.membership_number
                          and s.since > m.status_since
                        """).update();
        jdbc.sql("""
                        insert into membership.member_status (membership_number, since, status)
                        select m.membership_number, m.status_since, m.status
                        from pg_temp.import_member m join pg_temp.import_change c using (membership_number)
                        where c.change <> 'UNCHANGED'
                        on conflict (membership_number, since) do update set status = excluded.status
                        """).update();
        // The same record a single change writes (Member as JSON), so the roll as known at an instant reads alike.
        jdbc.sql("""
                        insert into membership.member_version (membership_number, recorded_at, recorded_by, snapshot)
                        select m.membership_number, :now, :actor,
                               jsonb_build_object('membershipNumber', m.membership_number, 'gmcNumber', m.gmc_number,
                                                  'givenName', m.given_name, 'familyName', m.family_name,
                                                  'email', m.email, 'status', m.status,
                                                  'statusSince', m.status_since, 'joinedOn', m.joined_on,
                                                  'roles', c.roles)
                        from pg_temp.import_member m join pg_temp.import_change c using (membership_number)
                        where c.change <> 'UNCHANGED'
                        order by m.line
                        """).param("now", at).param("actor", actor).update();
        jdbc.sql("""
                        insert into membership.audit_log (at, actor, action, membership_number, detail)
                        select :now, :actor,
                               case c.change when 'CREATED' then 'IMPORT_CREATED' else 'IMPORT_UPDATED' end,
                               m.membership_number,
                               case c.change when 'CREATED' then 'Created from ' else 'Updated from ' end || :file
                        from pg_temp.import_member m join pg_temp.import_change c using (membership_number)
                        where c.change <> 'UNCHANGED'
                        order by m.line
                        """)
                .param("now", at)
                .param("actor", actor)
                .param("file", fileName)
                .update();
        return jdbc.sql("""
                        select count(*) filter (where change = 'CREATED'), count(*) filter (where change = 'UPDATED'),
                               count(*) filter (where change = 'UNCHANGED')
                        from pg_temp.import_change
                        """)
                .query((rs, row) -> new Changes(rs.getInt(1), rs.getInt(2), rs.getInt(3)))
                .single();
    }
}
