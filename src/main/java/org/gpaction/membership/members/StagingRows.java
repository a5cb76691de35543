package org.gpaction.membership.members;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import org.postgresql.copy.CopyIn;

/** The membership file's rows, copied into the staging table a buffer at a time; closing ends the copy. */
final class StagingRows implements AutoCloseable {

    private static final int FLUSH_AT = 256 * 1024;

    private final CopyIn copy;
    private final Runnable release;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(FLUSH_AT + 4096);
    private final StringBuilder line = new StringBuilder(256);

    StagingRows(CopyIn copy, Runnable release) {
        this.copy = copy;
        this.release = release;
    }

    void add(StagedRow row) {
        line.setLength(0);
        line.append(row.line()).append(',');
        text(row.membershipNumber()).text(row.gmcNumber()).text(row.givenName());
        text(row.familyName()).text(row.email()).text(row.status().name());
        date(row.statusSince()).date(row.joinedOn());
        text(row.role() == null ? null : row.role().name()).text(row.practiceOds());
        date(row.roleFrom()).date(row.roleTo());
        line.setCharAt(line.length() - 1, '\n');
        buffer.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
        if (buffer.size() >= FLUSH_AT) {
            flush();
        }
    }

    /** In CSV copy an unquoted empty field is null, a quoted one is text. */
    private StagingRows text(String value) {
        if (value != null) {
            line.append('"').append(value.replace("\"", "\"\"")).append('"');
        }
        line.append(',');
        return this;
    }

    private StagingRows date(LocalDate value) {
        if (value != null) {
            line.append(value);
        }
        line.append(',');
        return this;
    }

    private void flush() {
        try {
            copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
            buffer.reset();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not copy the membership file into PostgreSQL", e);
        }
    }

    @Override
    public void close() {
        try {
            if (copy.isActive()) {
                flush();
                copy.endCopy();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not copy the membership file into PostgreSQL", e);
        } finally {
            cancelIfActive();
            release.run();
        }
    }

    /** After a failed copy the connection must leave copy mode before it can roll back. */
    private void cancelIfActive() {
        if (copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException e) {
                // The transaction is rolled back whatever happens here.
            }
        }
    }
}
