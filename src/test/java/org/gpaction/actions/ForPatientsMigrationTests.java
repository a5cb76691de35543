package org.gpaction.actions;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.support.ScratchDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The sentence for patients that V9 gives each action, on a database of its own at version 8 holding a draft in which
 * an administrator reused a shipped number for another action and edited the title of one shipped action and the
 * category of another.
 */
class ForPatientsMigrationTests {

    private static final String ACTION_10 =
            "We are waiting before agreeing to take part in new NHS pilots or new contracts.";
    private static final String CONTRACTS =
            "We are putting our time into the care our NHS contract covers, before any extra work or new schemes.";
    private static final String REFERRALS = "When you need a test, a specialist or a hospital, we refer you on your"
            + " clinical need alone, without extra steps that hold you up.";
    private static final String DATA_SHARING =
            "We are looking after your health records: they are used for your care, in ways we can check.";

    @Test
    void onlyARowStillTheShippedActionGetsItsSentenceAndEveryOtherItsCategorys() {
        try (ScratchDatabase database = new ScratchDatabase("for_patients", 2)) {
            database.migrate("actions", MigrationVersion.fromVersion("8"));
            JdbcClient jdbc = database.jdbc();
            jdbc.sql("""
                            insert into actions.menu_version (version, status, created_at, created_by)
                            values (3, 'DRAFT', now(), 'test')
                            """).update();
            jdbc.sql("""
                            insert into actions.menu_action (version, number, title, what, why, guidance_url,
                                category, may_de_escalate, phase, daily_contact_limit)
                            select 3, number, title, what, why, guidance_url, category, may_de_escalate, phase,
                                daily_contact_limit
                            from actions.menu_action where version = 2 and number between 1 and 6
                            """).update();
            jdbc.sql("""
                            update actions.menu_action set title = 'Keep records of referrals made'
                            where version = 3 and number = 5
                            """).update();
            jdbc.sql("""
                            update actions.menu_action set category = 'REFERRALS' where version = 3 and number = 3
                            """).update();
            jdbc.sql("""
                            insert into actions.menu_action (version, number, title, what, why, guidance_url,
                                category, may_de_escalate, phase, daily_contact_limit)
                            values (3, 10, 'Review local enhanced services', 'What.', 'Why.',
                                'https://www.bma.org.uk/gpaction', 'CONTRACTS', true, 1, null)
                            """).update();

            database.migrate("actions", MigrationVersion.LATEST);

            assertThat(forPatients(jdbc, 2, 10)).isEqualTo(ACTION_10);
            assertThat(forPatients(jdbc, 3, 10)).isEqualTo(CONTRACTS);
            assertThat(forPatients(jdbc, 3, 5)).isEqualTo(DATA_SHARING);
            assertThat(forPatients(jdbc, 3, 3)).isEqualTo(REFERRALS);
            assertThat(forPatients(jdbc, 3, 4))
                    .as("number 4 kept its shipped title and category, so it is still the shipped action")
                    .isEqualTo(forPatients(jdbc, 2, 4))
                    .isNotEqualTo(REFERRALS);
            assertThat(forPatients(jdbc, 3, 1))
                    .isEqualTo(forPatients(jdbc, 1, 1))
                    .isEqualTo(forPatients(jdbc, 2, 1));
        }
    }

    /**
     * V9 kept a shipped action's sentence only where the title was exactly the shipped one: an administrator who had
     * only changed its case or spacing left an action that is still the shipped one with its category's old sentence.
     * V11 gives such rows the shipped sentence, but leaves a sentence an administrator has written since as it is.
     */
    @Test
    void aShippedActionWhoseTitleOnlyChangedInCaseOrSpacingGetsItsOwnSentenceBack() {
        try (ScratchDatabase database = new ScratchDatabase("for_patients_title", 2)) {
            database.migrate("actions", MigrationVersion.fromVersion("8"));
            JdbcClient jdbc = database.jdbc();
            jdbc.sql("""
                            insert into actions.menu_version (version, status, created_at, created_by)
                            values (3, 'DRAFT', now(), 'test')
                            """).update();
            jdbc.sql("""
                            insert into actions.menu_action (version, number, title, what, why, guidance_url,
                                category, may_de_escalate, phase, daily_contact_limit)
                            select 3, number, title, what, why, guidance_url, category, may_de_escalate, phase,
                                daily_contact_limit
                            from actions.menu_action where version = 2 and number in (1, 3, 6, 10)
                            """).update();
            jdbc.sql("update actions.menu_action set title = lower(title) where version = 3 and number = 10")
                    .update();
            jdbc.sql("""
                            update actions.menu_action set title = ' ' || replace(title, ' ', '  ') || E'\u00a0'
                            where version = 3 and number = 1
                            """).update();
            jdbc.sql("update actions.menu_action set title = upper(title) where version = 3 and number = 6")
                    .update();
            jdbc.sql("""
                            update actions.menu_action set title = lower(title), category = 'REFERRALS'
                            where version = 3 and number = 3
                            """).update();
            database.migrate("actions", MigrationVersion.fromVersion("10"));
            assertThat(forPatients(jdbc, 3, 10)).as("as V9 left it").isEqualTo(CONTRACTS);
            jdbc.sql("""
                            update actions.menu_action set for_patients = 'We keep your records for your care.'
                            where version = 3 and number = 6
                            """).update();

            database.migrate("actions", MigrationVersion.LATEST);

            assertThat(forPatients(jdbc, 3, 10)).isEqualTo(ACTION_10);
            assertThat(forPatients(jdbc, 3, 1)).isEqualTo(forPatients(jdbc, 2, 1));
            assertThat(forPatients(jdbc, 3, 6))
                    .as("a sentence an administrator wrote stays")
                    .isEqualTo("We keep your records for your care.");
            assertThat(forPatients(jdbc, 3, 3))
                    .as("another category is another action")
                    .isEqualTo(REFERRALS);
        }
    }

    private static String forPatients(JdbcClient jdbc, int version, int number) {
        return jdbc.sql("select for_patients from actions.menu_action where version = ? and number = ?")
                .params(version, number)
                .query(String.class)
                .single();
    }
}
