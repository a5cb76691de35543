package org.gpaction.capacity.setup;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import org.gpaction.actions.ActionsInForce;
import org.gpaction.actions.DailyContactLimit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@link CapLimit} on a day, as the actions module's menu in force that day sets it. */
@Component
public class CapLimits {

    private final ActionsInForce actions;
    private final JdbcClient jdbc;
    private final Clock clock;

    CapLimits(ActionsInForce actions, JdbcClient jdbc, Clock clock) {
        this.actions = actions;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public CapLimit on(LocalDate day) {
        return CapLimit.of(actions.dailyContactLimit(day));
    }

    /** The limit today, as a form that sets caps is checked against and shows. */
    public CapLimit today() {
        return on(PracticeCalendar.dayOf(clock.instant()));
    }

    /**
     * capacity.cap_limit of the practice {@code odsCode} on {@code day}, each an SQL expression of the statement it is
     * written into, given what it is asked: whether action 1 is in force there that day, and action 1's daily contact
     * limit on the menu in force that day. Every statement that holds a cap asks it so, once, as written here.
     */
    public static String capLimitSql(String odsCode, String day) {
        return capLimitSql(odsCode, day, "(select m.contacts from actions.daily_contact_limit(%s) m)".formatted(day));
    }

    /** {@link #capLimitSql(String, String)} in a statement that has action 1's limit that day as {@code contacts}. */
    private static String capLimitSql(String odsCode, String day, String contacts) {
        return "capacity.cap_limit(actions.in_force(%s, %d, %s), %s)"
                .formatted(odsCode, ActionsInForce.SAFE_WORKING, day, contacts);
    }

    /** Asks for action 1's limit once, for the menu that names it and for capacity.cap_limit. */
    private static final String IN_FORCE = """
            select %s as cap_limit, m.contacts, m.version, m.published_on
            from (select 1) as one
            left join actions.daily_contact_limit(:day) m on true
            """.formatted(capLimitSql(":ods", ":day", "m.contacts"));

    /**
     * The limit every cap of the practice is held to on the day, as capacity.cap_limit gives it, named by the menu that
     * sets it; empty when the practice does not have action 1 in force that day. One statement asks whether action 1 is
     * in force and what its limit is, as each statement that holds a cap does.
     */
    public Optional<CapLimit> inForce(String odsCode, LocalDate day) {
        return jdbc.sql(IN_FORCE)
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .query((rs, row) -> {
                    Integer held = rs.getObject("cap_limit", Integer.class);
                    return held == null
                            ? Optional.<CapLimit>empty()
                            : Optional.of(CapLimit.namedBy(held, DailyContactLimit.inRow(rs)));
                })
                .single();
    }
}
