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
        return jdbc.sql("""
                        select coalesce(sum(coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)), 0)
                        from pg_stat_xact_user_tables
                        where schemaname = :schema and relname = any(:tables)
                        """)
                .param("schema", schema)
                .param("tables", List.of(tables).toArray(String[]::new))
                .query(Long.class)
                .single();
    }
}
