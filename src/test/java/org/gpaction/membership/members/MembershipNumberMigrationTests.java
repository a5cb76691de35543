package org.gpaction.membership.members;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.support.ScratchDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The upgrade that makes membership numbers one number whatever their case, on a roll stored before it in mixed
 * case: each on a database of its own at version 2.
 */
class MembershipNumberMigrationTests {

    @Test
    void aRollInMixedCaseKeepsItsSpellingsAndIsFoundInAnyCaseAfterTheUpgrade() {
        onVersion2(database -> {
            JdbcClient jdbc = database.jdbc();
            member(jdbc, "m100", "1000001");
            member(jdbc, "M200", "1000002");
            member(jdbc, "ab-3c", "1000003");

            database.migrate("membership", MigrationVersion.LATEST);

            assertThat(jdbc.sql("select membership_number from membership.member")
                            .query(String.class)
                            .list())
                    .as("spelt as before")
                    .containsExactlyInAnyOrder("m100", "M200", "ab-3c");
            assertThat(jdbc.sql("select gmc_number from membership.member where upper(membership_number) = 'AB-3C'")
                            .query(String.class)
                            .single())
                    .isEqualTo("1000003");
            assertThatThrownBy(() -> member(jdbc, "M100", "1000004"))
                    .as("a second member whose number differs only in case")
                    .hasMessageContaining("member_number_any_case");
        });
    }

    @Test
    void twoMembersWhoseNumbersDifferOnlyInCaseStopTheUpgradeByNameAndNothingChanges() {
        onVersion2(database -> {
            JdbcClient jdbc = database.jdbc();
            member(jdbc, "m100", "1000001");
            member(jdbc, "M100", "1000002");
            member(jdbc, "x-7", "1000003");
            member(jdbc, "X-7", "1000004");
            member(jdbc, "M300", "1000005");

            assertThatThrownBy(() -> database.migrate("membership", MigrationVersion.LATEST))
                    .isInstanceOf(FlywayException.class)
                    .hasMessageContaining("2 sets of members")
                    .hasMessageContaining("M100 and m100; X-7 and x-7")
                    .hasMessageContaining("Nothing has been changed");

            assertThat(jdbc.sql("select count(*) from membership.member")
                            .query(Integer.class)
                            .single())
                    .isEqualTo(5);
            assertThat(jdbc.sql("select max(version) from membership.flyway_schema_history where success")
                            .query(String.class)
                            .single())
                    .isEqualTo("2");
        });
    }

    private static void member(JdbcClient jdbc, String number, String gmc) {
        jdbc.sql("""
                        insert into membership.member (membership_number, gmc_number, given_name, family_name, email,
                            status, status_since, joined_on, updated_at)
                        values (:number, :gmc, 'Mixed', 'Case', :email, 'ACTIVE', '2015-04-01', '2015-04-01', now())
                        """)
                .param("number", number)
                .param("gmc", gmc)
                .param("email", gmc + "@example.org")
                .update();
    }

    private static void onVersion2(Consumer<ScratchDatabase> test) {
        try (ScratchDatabase database = new ScratchDatabase("membership_numbers", 4)) {
            database.migrate("membership", MigrationVersion.fromVersion("2"));
            test.accept(database);
        }
    }
}
