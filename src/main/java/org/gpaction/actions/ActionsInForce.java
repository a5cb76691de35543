package org.gpaction.actions;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Whether a practice has an action in force on a day, for modules whose behaviour an action switches on, and action
 * 1's daily contact limit on the menu in force that day. The same answers are the SQL functions {@code
 * actions.in_force(ods_code, action_number, day)} and {@code actions.daily_contact_limit(day)}, for a module that reads
 * them in one statement with its own rows; all are this module's public API.
 */
@Service
public class ActionsInForce {

    /** Action 1: cap daily contacts per clinician and divert once full. */
    public static final int SAFE_WORKING = 1;

    /** Action 9: defer the digital declarations, and keep online triage closed while the practice is full. */
    public static final int DIGITAL_DECLARATIONS = 9;

    private final JdbcClient jdbc;

    ActionsInForce(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean isInForce(String odsCode, int actionNumber, LocalDate day) {
        return jdbc.sql("select actions.in_force(:ods, :number, :day)")
                .param("ods", odsCode)
                .param("number", actionNumber)
                .param("day", Date.valueOf(day))
                .query(Boolean.class)
                .single();
    }

    /**
     * Action 1's daily contact limit on the menu in force on the day: as the latest version published by then that has
     * action 1 gives it. Empty when that version sets none (or none has action 1).
     */
    public Optional<DailyContactLimit> dailyContactLimit(LocalDate day) {
        return jdbc.sql("select contacts, version, published_on from actions.daily_contact_limit(:day)")
                .param("day", Date.valueOf(day))
                .query((rs, row) -> DailyContactLimit.inRow(rs))
                .optional()
                .flatMap(Function.identity());
    }
}
