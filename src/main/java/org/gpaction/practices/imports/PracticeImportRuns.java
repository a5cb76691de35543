package org.gpaction.practices.imports;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gpaction.common.imports.ImportRejected;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The history of practice imports, refused files included. */
@Repository
class PracticeImportRuns {

    private static final String SELECT_RUN = """
            select id, format, file_name, imported_by, imported_at, rows_read, created, updated, unchanged, skipped,
                   problems, first_problem
            from practices.import_run
            """;

    private final JdbcClient jdbc;

    PracticeImportRuns(JdbcClient jdbc) {
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

    /** A refused file in the history: nothing else was written. */
    void recordRefused(ImportFormat format, String fileName, String importedBy, Instant at, ImportRejected refusal) {
        jdbc.sql("""
                        insert into practices.import_run
                            (format, file_name, imported_by, imported_at, rows_read, created, updated, unchanged,
                             skipped, problems, first_problem)
                        values (:format, :fileName, :importedBy, :importedAt, 0, 0, 0, 0, 0, :problems, :first)
                        """)
                .param("format", format.name())
                .param("fileName", fileName)
                .param("importedBy", importedBy)
                .param("importedAt", Timestamp.from(at))
                .param("problems", refusal.problemCount())
                .param("first", refusal.firstProblem())
                .update();
    }

    List<ImportRun> latest(int limit) {
        return jdbc.sql(SELECT_RUN + " order by imported_at desc, id desc limit :limit")
                .param("limit", limit)
                .query(PracticeImportRuns::run)
                .list();
    }

    Optional<ImportRun> find(long id) {
        return jdbc.sql(SELECT_RUN + " where id = :id")
                .param("id", id)
                .query(PracticeImportRuns::run)
                .optional();
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
