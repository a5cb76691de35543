package org.gpaction.common.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/**
 * A spreadsheet download written to the response a row at a time, as its rows are read from the database, so a
 * file of any length never sits whole in memory. Start it only once access is checked and nothing can fail but the
 * writing: the status and headers go with the first bytes.
 */
public final class CsvDownload {

    private final Writer out;
    private long rows;

    private CsvDownload(Writer out) {
        this.out = out;
    }

    /** Sends the headers of a download named {@code filename} and its first line, the column names. */
    public static CsvDownload start(HttpServletResponse response, String filename, List<String> columns) {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(filename).build().toString());
        try {
            CsvDownload download = new CsvDownload(
                    new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8)));
            download.out.write(SpreadsheetCsv.BYTE_ORDER_MARK);
            download.out.write(SpreadsheetCsv.line(columns));
            return download;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void row(Object... cells) {
        try {
            out.write(SpreadsheetCsv.line(Arrays.asList(cells)));
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends what is left; returns the rows written under the column names. */
    public long finish() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
