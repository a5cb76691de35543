package org.gpaction.common.database;

import java.sql.SQLException;
import org.springframework.core.NestedExceptionUtils;

/** Telling a database error by its SQLSTATE, wherever it was wrapped on its way up. */
public final class SqlStates {

    /** A lock not taken within {@code lock_timeout}. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";

    /** A password the server did not accept. */
    public static final String INVALID_PASSWORD = "28P01";

    private SqlStates() {}

    /** Whether the innermost cause of {@code e} is a database error with this SQLSTATE. */
    public static boolean is(Throwable e, String state) {
        return NestedExceptionUtils.getMostSpecificCause(e) instanceof SQLException sql
                && state.equals(sql.getSQLState());
    }
}
