package org.gpaction.membership.members;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.gpaction.common.imports.ImportHistoryEntry;
import org.gpaction.common.imports.ImportRejected;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The history of membership imports, refused files included, as the practice imports keep theirs. */
@Repository
class MemberImportRuns {

    static final String WHAT = "Membership file";

    private final JdbcClient jdbc;

    MemberImportRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long recordImported(String fileName, String actor, Instant now, int rowsRead, ImportStaging.Changes changes) {
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

    /** A refused file in the history: nothing else was written. */
    void recordRefused(String fileName, String actor, Instant now, ImportRejected refusal) {
        jdbc.sql("""
                        insert into membership.import_run
                            (file_name, imported_by, imported_at, rows_read, created, updated, unchanged, problems,
                             first_problem)
                        values (:file, :actor, :now, 0, 0, 0, 0, :problems, :first)
                        """)
                .param("file", fileName)
                .param("actor", actor)
                .param("now", Timestamp.from(now))
                .param("problems", refusal.problemCount())
                .param("first", refusal.firstProblem())
                .update();
    }

    List<ImportHistoryEntry> latest(int limit) {
        return jdbc.sql("""
                        select id, file_name, imported_by, imported_at, rows_read, created, updated, unchanged,
                               problems, first_problem
                        from membership.import_run
                        order by imported_at desc, id desc
                        limit :limit
                        """)
                .param("limit", limit)
                .query((rs, row) -> new ImportHistoryEntry(
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
                        rs.getString("first_problem")))
                .list();
    }
}
