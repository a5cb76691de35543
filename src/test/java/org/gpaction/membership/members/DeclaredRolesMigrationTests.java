package org.gpaction.membership.members;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.support.ScratchDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Members already on the roll when roles began to record who declared them: the roles of those who joined online and
 * whose record nobody else has written since are theirs alone to declare; an import's or an administrator's word stands.
 */
class DeclaredRolesMigrationTests {

    @Test
    void onlyTheRolesOfMembersWhoJoinedOnlineAndWereNotSinceWrittenByAnyoneElseAreMarkedDeclared() {
        try (ScratchDatabase database = new ScratchDatabase("declared_roles", 2)) {
            database.migrate("membership", MigrationVersion.fromVersion("9"));
            JdbcClient jdbc = database.jdbc();
            member(jdbc, "M1", "joining form", "member (self-service)");
            member(jdbc, "M2", "joining form", "admin@union.test");
            member(jdbc, "M3", "admin@union.test", "member (self-service)");

            database.migrate("membership", MigrationVersion.LATEST);

            assertThat(declared(jdbc, "M1"))
                    .as("joined online, since changed only by the member")
                    .isTrue();
            assertThat(declared(jdbc, "M2")).as("joined online, then imported").isFalse();
            assertThat(declared(jdbc, "M3")).as("imported").isFalse();
        }
    }

    private static void member(JdbcClient jdbc, String number, String first, String then) {
        jdbc.sql("""
                        insert into membership.member (membership_number, gmc_number, given_name, family_name, email,
                            status, status_since, joined_on, updated_at)
                        values (:number, :number || '000', 'Alex', 'Example', :number || '@example.test', 'TRIAL',
                            date '2026-11-01', date '2026-11-01', now())
                        """).param("number", number).update();
        jdbc.sql("""
                        insert into membership.member_role (membership_number, position, role, practice_ods, role_from)
                        values (:number, 0, 'CONTRACTOR_PARTNER', 'A81001', date '2026-11-01')
                        """).param("number", number).update();
        jdbc.sql("""
                        insert into membership.member_version (membership_number, recorded_at, recorded_by, snapshot)
                        values (:number, timestamptz '2026-11-01 10:00Z', :first, '{}'),
                               (:number, timestamptz '2026-11-02 10:00Z', :then, '{}')
                        """)
                .param("number", number)
                .param("first", first)
                .param("then", then)
                .update();
    }

    private static boolean declared(JdbcClient jdbc, String number) {
        return jdbc.sql("select declared_at is not null from membership.member_role where membership_number = :n")
                .param("n", number)
                .query(Boolean.class)
                .single();
    }
}
