package org.gpaction.actions;

import java.sql.Date;
import java.time.LocalDate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Whether a practice has an action in force on a day, for modules whose behaviour an action switches on. The same
 * answer is the SQL function {@code actions.in_force(ods_code, action_number, day)}, for a module that reads it in
 * one statement with its own rows; both are this module's public API.
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
}
