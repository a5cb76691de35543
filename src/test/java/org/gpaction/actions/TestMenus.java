package org.gpaction.actions;

import java.time.LocalDate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Publishes a version of the menu straight into its tables, for tests that need the menu revised. A test calls it in a
 * transaction it rolls back, so the shared menu is as it was for every other test; one whose pages must read the
 * version (in another transaction) first checks no draft is open, as publishing discards it, and whatever happens
 * removes every version after the one in force when it began.
 */
public final class TestMenus {

    private TestMenus() {}

    /** The next version after {@code current}, published today with every action of {@code current}. */
    public static int publishAgain(JdbcClient jdbc, int current) {
        return publish(jdbc, current, null, null);
    }

    /** As {@link #publishAgain(JdbcClient, int)}, published on {@code on}. */
    public static int publishAgain(JdbcClient jdbc, int current, LocalDate on) {
        return publish(jdbc, current, on, null);
    }

    /** The next version after {@code current}, published today without action {@code retired}, which it retires. */
    public static int retire(JdbcClient jdbc, int current, int retired) {
        return publish(jdbc, current, null, retired);
    }

    /** Discards any draft, as publishing does, and returns the new version's number; {@code on} null for today. */
    private static int publish(JdbcClient jdbc, int current, LocalDate on, Integer retired) {
        int next = current + 1;
        jdbc.sql("delete from actions.menu_version where status = 'DRAFT'").update();
        jdbc.sql("""
                        insert into actions.menu_version (version, status, published_on, created_at, created_by,
                                                          published_at, published_by)
                        values (:next, 'PUBLISHED', coalesce(cast(:on as date), current_date), now(), 'test', now(),
                                'test')
                        """)
                .param("next", next)
                .param("on", on == null ? null : java.sql.Date.valueOf(on))
                .update();
        jdbc.sql("""
                        insert into actions.menu_action (version, number, title, what, why, for_patients, guidance_url,
                                                         category, may_de_escalate, phase, daily_contact_limit)
                        select :next, number, title, what, why, for_patients, guidance_url, category, may_de_escalate, phase,
                               daily_contact_limit
                        from actions.menu_action
                        where version = :current and number is distinct from cast(:retired as integer)
                        """)
                .param("next", next)
                .param("current", current)
                .param("retired", retired)
                .update();
        return next;
    }
}
