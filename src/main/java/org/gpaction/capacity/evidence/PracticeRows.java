package org.gpaction.capacity.evidence;

import java.util.Collection;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How a statement on the evidence reads a table's rows: every practice's, or those of the practices bound as
 * {@code :codes}, each of those looked up by its code in turn. The two are statements of their own, never one with a
 * flag bound to choose between them, because PostgreSQL may plan a statement once for every use (a generic plan: the
 * JDBC driver prepares a statement on the server after five uses, and PostgreSQL keeps the plan after five more if it
 * seems to cost no more), knowing neither the days nor the practices, and guessing any range of days to be a small share
 * of the table. One plan for both read every practice's rows for the days asked to find one practice's; a plan for a
 * list of practices could do the same, which looking each practice up in turn rules out.
 */
final class PracticeRows {

    private PracticeRows() {}

    /** {@code select columns from table where conditions}, over every practice when {@code practices} is null. */
    static String select(String columns, String table, String conditions, Collection<String> practices) {
        if (practices == null) {
            return "select " + columns + " from " + table + " where " + conditions;
        }
        // offset 0 keeps the lookup a subquery run for each practice with its code: joined to the list of codes
        // instead, the table could be read for the days alone and the other practices' rows thrown away.
        return "select " + columns + " from (select distinct unnest(cast(:codes as text[])) as code) asked"
                + " cross join lateral (select * from " + table + " where ods_code = asked.code and (" + conditions
                + ") offset 0) r";
    }

    /** The statement with the practices {@link #select} read bound, if it reads some rather than every practice's. */
    static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, Collection<String> practices) {
        return practices == null ? statement : statement.param("codes", practices.toArray(String[]::new));
    }
}
