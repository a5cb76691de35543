package org.gpaction.support;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Rows of some tables read so far in the current transaction, through an index or from end to end, as PostgreSQL's
 * own statistics count them: what a test reads before and after a query to prove it reads only the rows it needs.
 */
public final class RowsRead {

    private RowsRead() {}

    public static long inTransaction(JdbcClient jdbc, String schema, String... tables) {
        return summed(jdbc, "coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)", schema, tables);
    }

    /**
     * How many times the tables were read so far in the current transaction, through an index or from end to end: one
     * a scan, however many rows it read, so a test can count the statements that read them.
     */
    public static long scansInTransaction(JdbcClient jdbc, String schema, String... tables) {
        return summed(jdbc, "coalesce(seq_scan, 0) + coalesce(idx_scan, 0)", schema, tables);
    }

    /** The sum of {@code counted}, columns of pg_stat_xact_user_tables, over the tables. */
    private static long summed(JdbcClient jdbc, String counted, String schema, String... tables) {
        return jdbc.sql("""
                        select coalesce(sum(%s), 0)
                        from pg_stat_xact_user_tables
                        where schemaname = :schema and relname = any(:tables)
                        """.formatted(counted))
                .param("schema", schema)
                .param("tables", List.of(tables).toArray(String[]::new))
                .query(Long.class)
                .single();
    }
}
