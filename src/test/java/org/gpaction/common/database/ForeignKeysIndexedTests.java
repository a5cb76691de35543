package org.gpaction.common.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every foreign key in the schemas the application owns has an index on its referencing columns, so deleting or
 * changing a referenced row (a clinician, a credential, an event) finds the rows that name it by that index rather
 * than by reading, and locking against, the whole referencing table: at 6,651 practices and 200,000 voters that read
 * is seconds. Read from the catalogue of the migrated test database, so a new migration's foreign key is checked too.
 */
@GpActionTest
class ForeignKeysIndexedTests {

    /**
     * Foreign keys whose columns are not the leading columns of any valid index. A partial index counts only when its
     * condition is that those columns are not null, which every row naming another row meets.
     */
    private static final String UNINDEXED = """
            with foreign_key as (
                select c.conname, c.conrelid, c.conkey, c.confrelid,
                       string_agg(quote_ident(a.attname), ', ' order by k.n) as columns,
                       case when count(*) = 1 then min('(' || quote_ident(a.attname) || ' IS NOT NULL)')
                            else '(' || string_agg('(' || quote_ident(a.attname) || ' IS NOT NULL)', ' AND '
                                                   order by k.n) || ')'
                       end as not_null
                from pg_constraint c
                join pg_namespace s on s.oid = c.connamespace
                cross join unnest(c.conkey) with ordinality k (attnum, n)
                join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
                where c.contype = 'f' and s.nspname = any (:schemas)
                group by c.oid, c.conname, c.conrelid, c.conkey, c.confrelid
            )
            select f.conrelid::regclass || ' (' || f.columns || ') references ' || f.confrelid::regclass
                   || ' [' || f.conname || ']'
            from foreign_key f
            where not exists (
                select 1 from pg_index i
                where i.indrelid = f.conrelid and i.indisvalid
                  and (i.indkey::smallint[])[0 : cardinality(f.conkey) - 1] @> f.conkey
                  and (i.indkey::smallint[])[0 : cardinality(f.conkey) - 1] <@ f.conkey
                  and (i.indpred is null or pg_get_expr(i.indpred, i.indrelid) = f.not_null))
            order by 1
            """;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ModuleMigrations migrations;

    @Test
    void everyForeignKeyHasAnIndexLedByItsColumns() {
        assertThat(migrations.modules())
                .as("the schemas checked")
                .contains("accounts", "actions", "ballots", "capacity", "events", "membership", "practices");
        assertThat(foreignKeys()).as("foreign keys checked").isPositive();

        assertThat(unindexed())
                .as("foreign keys with no index on their columns")
                .isEmpty();
    }

    private List<String> unindexed() {
        return jdbc.sql(UNINDEXED)
                .param("schemas", migrations.modules().toArray(String[]::new))
                .query(String.class)
                .list();
    }

    private long foreignKeys() {
        return jdbc.sql("""
                        select count(*) from pg_constraint c join pg_namespace s on s.oid = c.connamespace
                        where c.contype = 'f' and s.nspname = any (:schemas)
                        """)
                .param("schemas", migrations.modules().toArray(String[]::new))
                .query(Long.class)
                .single();
    }
}
