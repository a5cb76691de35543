package org.gpaction.membership.members;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.gpaction.common.imports.ImportHistoryEntry;
import org.gpaction.common.imports.ImportRunTable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The history of membership imports, refused files included, as the practice imports keep theirs (one format). */
@Repository
class MemberImportRuns extends ImportRunTable<ImportHistoryEntry> {

    static final String WHAT = "Membership file";

    private static final String COLUMNS = """
            id, file_name, imported_by, imported_at, rows_read, created, updated, unchanged, problems, first_problem""";

    private final JdbcClient jdbc;

    MemberImportRuns(JdbcClient jdbc) {
        super(
                jdbc,
                "membership.import_run",
                COLUMNS,
                List.of("rows_read", "created", "updated", "unchanged"),
                MemberImportRuns::run);
        this.jdbc = jdbc;
    }

    long recordImported(String fileName, String actor, Instant now, int rowsRead, ImportWrites.Changes changes) {
        return jdbc.sql("""
                        insert into membership.import_run
                            (file_name, imported_by, imported_at, rows_read, created, updated, unchanged)
                        values (:file, :actor, :now, :rows, :created, :updated, :unchanged) returning id
                        """)
                .param("file", fileName)
                .param("actor", actor)
                .param("now", Timestamp.from(now))
                .param("rows", rowsRead)
                .param("created", changes.created())
                .param("updated", changes.updated())
                .param("unchanged", changes.unchanged())
                .query(Long.class)
                .single();
    }

    private static ImportHistoryEntry run(ResultSet rs, int row) throws SQLException {
        return new ImportHistoryEntry(
                rs.getLong("id"),
                WHAT,
                rs.getString("file_name"),
                rs.getString("imported_by"),
                rs.getTimestamp("imported_at").toInstant(),
                rs.getInt("rows_read"),
                rs.getInt("created"),
                rs.getInt("updated"),
                rs.getInt("unchanged"),
                0,
                rs.getInt("problems"),
                rs.getString("first_problem"));
    }
}
