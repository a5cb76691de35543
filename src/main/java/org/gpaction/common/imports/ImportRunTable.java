package org.gpaction.common.imports;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One module's history of imports, refused files included, read and written as every import keeps it: the latest
 * runs newest first, one run by its id, and a refused file with its problems counted and the first of them. The
 * module's repository extends it and records an imported file itself, as what its imports count differs.
 *
 * @param <R> the module's own run, as {@code run} reads it from a row
 */
public abstract class ImportRunTable<R> {

    private final JdbcClient jdbc;
    private final String table;
    private final String selectRun;
    private final List<String> counts;
    private final RowMapper<R> run;

    /**
     * The table and column names are the module's constants, never input, so they can be written into the SQL.
     *
     * @param table the table with its schema, such as {@code practices.import_run}
     * @param columns the columns {@code run} reads
     * @param counts the columns counting a file's rows, which stay 0 for a refused file
     */
    protected ImportRunTable(JdbcClient jdbc, String table, String columns, List<String> counts, RowMapper<R> run) {
        this.jdbc = jdbc;
        this.table = table;
        this.selectRun = "select " + columns + " from " + table;
        this.counts = List.copyOf(counts);
        this.run = run;
    }

    /** A refused file in the history: nothing else was written. */
    public void recordRefused(Enum<?> format, String fileName, String importedBy, Instant at, ImportRejected refusal) {
        insertRefused(format.name(), fileName, importedBy, at, refusal);
    }

    /** A refused file in the history of a module that imports one kind of file, so keeps no format. */
    public void recordRefused(String fileName, String importedBy, Instant at, ImportRejected refusal) {
        insertRefused(null, fileName, importedBy, at, refusal);
    }

    private void insertRefused(String format, String fileName, String importedBy, Instant at, ImportRejected refusal) {
        String formatColumn = format == null ? "" : "format, ";
        String formatValue = format == null ? "" : ":format, ";
        var insert = jdbc.sql("insert into " + table + " (" + formatColumn + "file_name, imported_by, imported_at, "
                        + String.join(", ", counts) + ", problems, first_problem) values (" + formatValue
                        + ":fileName, :importedBy, :importedAt, "
                        + String.join(", ", Collections.nCopies(counts.size(), "0")) + ", :problems, :first)")
                .param("fileName", fileName)
                .param("importedBy", importedBy)
                .param("importedAt", Timestamp.from(at))
                .param("problems", refusal.problemCount())
                .param("first", refusal.firstProblem());
        if (format != null) {
            insert = insert.param("format", format);
        }
        insert.update();
    }

    public List<R> latest(int limit) {
        return jdbc.sql(selectRun + " order by imported_at desc, id desc limit :limit")
                .param("limit", limit)
                .query(run)
                .list();
    }

    public Optional<R> find(long id) {
        return jdbc.sql(selectRun + " where id = :id")
                .param("id", id)
                .query(run)
                .optional();
    }
}
