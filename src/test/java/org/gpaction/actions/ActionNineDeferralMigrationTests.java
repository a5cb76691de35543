package org.gpaction.actions;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.support.ScratchDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Action 9's deferral of the simpler online requests declaration as shipped told practices not to keep online triage
 * open when at safe capacity, which since October 2025 the GP contract allows only with the ICB's agreement, and which
 * a practice whose front door stays open when full does not do. On a database of its own at version 13, with a draft
 * in which an administrator wrote that deferral a detail of their own.
 */
class ActionNineDeferralMigrationTests {

    private static final String SHIPPED =
            "Defer until spring 2025; do not keep online triage open when at safe capacity.";
    private static final String NOW = "Defer until spring 2025. When the practice is at safe capacity, keep online"
            + " requests open and tell patients where else to get help, or close online triage only with the ICB's"
            + " agreement, which the GP contract requires since October 2025.";
    private static final String OWN = "Defer until the LMC says otherwise.";

    @Test
    void theShippedOnlineRequestsDeferralIsReworded_andADetailAnAdministratorWroteIsKept() {
        try (ScratchDatabase database = new ScratchDatabase("action_nine_deferral", 2)) {
            database.migrate("actions", MigrationVersion.fromVersion("13"));
            JdbcClient jdbc = database.jdbc();
            assertThat(detail(jdbc, 2, 2)).isEqualTo(SHIPPED);
            String telephony = detail(jdbc, 2, 1);
            jdbc.sql("""
                            insert into actions.menu_version (version, status, created_at, created_by)
                            values (3, 'DRAFT', now(), 'test')
                            """).update();
            jdbc.sql("""
                            insert into actions.menu_action (version, number, title, what, why, guidance_url,
                                category, may_de_escalate, phase, daily_contact_limit, for_patients)
                            select 3, number, title, what, why, guidance_url, category, may_de_escalate, phase,
                                daily_contact_limit, for_patients
                            from actions.menu_action where version = 2 and number = 9
                            """).update();
            jdbc.sql("""
                            insert into actions.menu_deferral (version, number, position, subject, detail, review_on)
                            select 3, number, position, subject, :own, review_on
                            from actions.menu_deferral where version = 2 and number = 9 and position = 2
                            """).param("own", OWN).update();

            database.migrate("actions", MigrationVersion.LATEST);

            assertThat(detail(jdbc, 1, 2)).isEqualTo(NOW);
            assertThat(detail(jdbc, 2, 2)).isEqualTo(NOW);
            assertThat(detail(jdbc, 3, 2)).as("a detail an administrator wrote").isEqualTo(OWN);
            assertThat(detail(jdbc, 2, 1)).as("the telephony deferral").isEqualTo(telephony);
            assertThat(jdbc.sql("select count(*) from actions.menu_deferral where detail like '%do not keep online%'")
                            .query(Integer.class)
                            .single())
                    .isZero();
        }
    }

    private static String detail(JdbcClient jdbc, int version, int position) {
        return jdbc.sql("select detail from actions.menu_deferral where version = ? and number = 9 and position = ?")
                .params(version, position)
                .query(String.class)
                .single();
    }
}
