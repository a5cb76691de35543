package org.gpaction.actions;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.support.ScratchDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Action 9's sentence for patients as shipped said the practice may stop taking online requests when full, which a
 * practice whose front door stays open when full does not do, and one may do only with its ICB's agreement. On a
 * database of its own at version 12, with a draft in which an administrator wrote action 9 a sentence of their own.
 */
class ActionNineSentenceMigrationTests {

    private static final String SHIPPED = "We are not yet signing up to new NHS schemes for our phones and online"
            + " requests, and on a day when we are full we may stop taking online requests until our next working day.";
    private static final String NOW = "We are not yet signing up to new NHS schemes for our phones and online"
            + " requests, and on a day when we are full we will tell you where else you can get help.";
    private static final String OWN = "We are waiting to sign new NHS schemes for phones and online requests.";

    @Test
    void theShippedSentenceIsReworded_andOneAnAdministratorWroteIsKept() {
        try (ScratchDatabase database = new ScratchDatabase("action_nine", 2)) {
            database.migrate("actions", MigrationVersion.fromVersion("12"));
            JdbcClient jdbc = database.jdbc();
            assertThat(forPatients(jdbc, 2, 9)).isEqualTo(SHIPPED);
            jdbc.sql("""
                            insert into actions.menu_version (version, status, created_at, created_by)
                            values (3, 'DRAFT', now(), 'test')
                            """).update();
            jdbc.sql("""
                            insert into actions.menu_action (version, number, title, what, why, guidance_url,
                                category, may_de_escalate, phase, daily_contact_limit, for_patients)
                            select 3, number, title, what, why, guidance_url, category, may_de_escalate, phase,
                                daily_contact_limit, for_patients
                            from actions.menu_action where version = 2 and number between 8 and 10
                            """).update();
            jdbc.sql("update actions.menu_action set for_patients = :own where version = 3 and number = 9")
                    .param("own", OWN)
                    .update();
            String action8 = forPatients(jdbc, 3, 8);

            database.migrate("actions", MigrationVersion.LATEST);

            assertThat(forPatients(jdbc, 1, 9)).isEqualTo(NOW);
            assertThat(forPatients(jdbc, 2, 9)).isEqualTo(NOW);
            assertThat(forPatients(jdbc, 3, 9))
                    .as("a sentence an administrator wrote")
                    .isEqualTo(OWN);
            assertThat(forPatients(jdbc, 3, 8)).as("another action's sentence").isEqualTo(action8);
            assertThat(jdbc.sql("select count(*) from actions.menu_action where for_patients like '%stop taking%'")
                            .query(Integer.class)
                            .single())
                    .isZero();
        }
    }

    private static String forPatients(JdbcClient jdbc, int version, int number) {
        return jdbc.sql("select for_patients from actions.menu_action where version = ? and number = ?")
                .params(version, number)
                .query(String.class)
                .single();
    }
}
