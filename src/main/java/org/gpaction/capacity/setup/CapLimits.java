package org.gpaction.capacity.setup;

import java.sql.Date;
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

    CapLimits(ActionsInForce actions, JdbcClient jdbc) {
        this.actions = actions;
        this.jdbc = jdbc;
    }

    public CapLimit on(LocalDate day) {
        return CapLimit.of(actions.dailyContactLimit(day));
    }

    /**
     * The limit every cap of the practice is held to on the day, as capacity.cap_limit gives it, named by the menu that
     * sets it; empty when the practice does not have action 1 in force that day. One statement asks whether action 1 is
     * in force and what its limit is, as each statement that holds a cap does.
     */
    public Optional<CapLimit> inForce(String odsCode, LocalDate day) {
        return jdbc.sql("""
                        select capacity.cap_limit(actions.in_force(:ods, :action, :day), m.contacts) as cap_limit,
                               m.contacts, m.version, m.published_on
                        from (select 1) as one
                        left join actions.daily_contact_limit(:day) m on true
                        """)
                .param("ods", odsCode)
                .param("action", ActionsInForce.SAFE_WORKING)
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
