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
import java.util.function.Consumer;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/**
 * A spreadsheet download written to the response as its rows are read, so a file of any length never sits whole in
 * memory. The rows should be read a page at a time, each page in a statement of its own: a download is as slow as the
 * person's connection, and must not hold a database connection or a transaction open while they receive it.
 */
public final class CsvDownload {

    private final Writer out;
    private long rows;

    private CsvDownload(Writer out) {
        this.out = out;
    }

    /**
     * Sends a download named {@code filename}: the column names, then whatever {@code rows} writes. Start it only once
     * access is checked. A failure before anything has gone (the first page could not be read) leaves the response as
     * if the download had never started, so the error page that follows is not saved as the file.
     *
     * @return the rows written under the column names
     */
    public static long send(
            HttpServletResponse response, String filename, List<String> columns, Consumer<CsvDownload> rows) {
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
            rows.accept(download);
            download.out.flush();
            return download.rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (!response.isCommitted()) {
                response.reset();
            }
            throw e;
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
}
