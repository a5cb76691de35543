package org.gpaction.practices.imports;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.gpaction.common.imports.ImportRunTable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The history of practice imports, refused files included. */
@Repository
class PracticeImportRuns extends ImportRunTable<ImportRun> {

    private static final String COLUMNS = """
            id, format, file_name, imported_by, imported_at, rows_read, created, updated, unchanged, skipped,
            problems, first_problem""";

    private final JdbcClient jdbc;

    PracticeImportRuns(JdbcClient jdbc) {
        super(
                jdbc,
                "practices.import_run",
                COLUMNS,
                List.of("rows_read", "created", "updated", "unchanged", "skipped"),
                PracticeImportRuns::run);
        this.jdbc = jdbc;
    }

    ImportRun record(
            ImportFormat format,
            String fileName,
            String importedBy,
            Instant importedAt,
            int rowsRead,
            Changes changes,
            int skipped) {
        int unchanged = rowsRead - skipped - changes.created() - changes.updated();
        long id = jdbc.sql("""
                        insert into practices.import_run
                            (format, file_name, imported_by, imported_at, rows_read, created, updated, unchanged,
                             skipped)
                        values (:format, :fileName, :importedBy, :importedAt, :rowsRead, :created, :updated,
                                :unchanged, :skipped)
                        returning id
                        """)
                .param("format", format.name())
                .param("fileName", fileName)
                .param("importedBy", importedBy)
                .param("importedAt", Timestamp.from(importedAt))
                .param("rowsRead", rowsRead)
                .param("created", changes.created())
                .param("updated", changes.updated())
                .param("unchanged", unchanged)
                .param("skipped", skipped)
                .query(Long.class)
                .single();
        return new ImportRun(
                id,
                format,
                fileName,
                importedBy,
                importedAt,
                rowsRead,
                changes.created(),
                changes.updated(),
                unchanged,
                skipped,
                0,
                null);
    }

    private static ImportRun run(ResultSet rs, int row) throws SQLException {
        return new ImportRun(
                rs.getLong("id"),
                ImportFormat.valueOf(rs.getString("format")),
                rs.getString("file_name"),
                rs.getString("imported_by"),
                rs.getTimestamp("imported_at").toInstant(),
                rs.getInt("rows_read"),
                rs.getInt("created"),
                rs.getInt("updated"),
                rs.getInt("unchanged"),
                rs.getInt("skipped"),
                rs.getInt("problems"),
                rs.getString("first_problem"));
    }
}
