package org.gpaction.insights.imports;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import org.gpaction.common.imports.ImportRunTable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The import lock and the history of imports, refused files included. */
@Repository
class ImportRuns extends ImportRunTable<ImportRun> {

    private static final String COLUMNS = """
            id, format, file_name, period, imported_by, imported_at, rows_read, rows_kept, replaced,
            kept_from_practices, problems, first_problem""";

    private final JdbcClient jdbc;

    ImportRuns(JdbcClient jdbc) {
        super(jdbc, "insights.import_run", COLUMNS, List.of("rows_read", "rows_kept", "replaced"), ImportRuns::run);
        this.jdbc = jdbc;
    }

    /** One import at a time, across every application instance, until the importing transaction ends. */
    void lock() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('insights.import'))")
                .query()
                .singleRow();
    }

    ImportRun record(InsightsFormat format, InsightsLoader.ImportRequest request, InsightsLoader.Loaded loaded) {
        long id = jdbc.sql("""
                        insert into insights.import_run
                            (format, file_name, period, imported_by, imported_at, rows_read, rows_kept, replaced,
                             kept_from_practices)
                        values (:format, :fileName, :period, :importedBy, :importedAt, :rowsRead, :rowsKept,
                                :replaced, :keptFromPractices)
                        returning id
                        """)
                .param("format", format.name())
                .param("fileName", request.fileName())
                .param("period", loaded.period())
                .param("importedBy", request.importedBy())
                .param("importedAt", Timestamp.from(request.now()))
                .param("rowsRead", loaded.rowsRead())
                .param("rowsKept", loaded.rowsKept())
                .param("replaced", loaded.replaced())
                .param("keptFromPractices", loaded.keptFromPractices())
                .query(Long.class)
                .single();
        return new ImportRun(
                id,
                format,
                request.fileName(),
                loaded.period(),
                request.importedBy(),
                request.now(),
                loaded.rowsRead(),
                loaded.rowsKept(),
                loaded.replaced(),
                loaded.keptFromPractices(),
                0,
                null);
    }

    private static ImportRun run(ResultSet rs, int row) throws SQLException {
        return new ImportRun(
                rs.getLong("id"),
                InsightsFormat.valueOf(rs.getString("format")),
                rs.getString("file_name"),
                rs.getString("period"),
                rs.getString("imported_by"),
                rs.getTimestamp("imported_at").toInstant(),
                rs.getInt("rows_read"),
                rs.getInt("rows_kept"),
                rs.getInt("replaced"),
                rs.getInt("kept_from_practices"),
                rs.getInt("problems"),
                rs.getString("first_problem"));
    }
}
