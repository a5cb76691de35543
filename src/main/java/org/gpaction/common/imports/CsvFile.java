package org.gpaction.common.imports;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CSV file as RFC 4180 describes it: UTF-8 with or without a byte order mark, CRLF or LF line ends, fields in
 * double quotes that may hold commas, doubled quotes and line breaks. Anything else is refused naming the line.
 */
public final class CsvFile {

    private final String name;
    private final List<CsvRecord> records;

    private CsvFile(String name, List<CsvRecord> records) {
        this.name = name;
        this.records = records;
    }

    public String name() {
        return name;
    }

    public List<CsvRecord> records() {
        return records;
    }

    /** A file without a header row; fields are read by position. */
    public static CsvFile withoutHeader(String name, byte[] content, long maxBytes) {
        List<List<String>> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        parse(name, decode(name, content, maxBytes), rows, lines);
        List<CsvRecord> records = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            records.add(new CsvRecord(lines.get(i), rows.get(i), Map.of()));
        }
        return new CsvFile(name, stripBlank(records));
    }

    /**
     * A file whose first row names its columns; every expected column must be there (in any order, any case),
     * and records are read by column name.
     */
    public static CsvFile withHeader(String name, byte[] content, long maxBytes, List<String> expected) {
        List<List<String>> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        parse(name, decode(name, content, maxBytes), rows, lines);
        if (rows.isEmpty()) {
            throw ImportRejected.of(
                    name, 1, "header", "The file is empty: it needs a header row naming " + String.join(",", expected));
        }
        Map<String, Integer> columns = new LinkedHashMap<>();
        List<String> header = rows.get(0);
        for (int i = 0; i < header.size(); i++) {
            columns.putIfAbsent(header.get(i).strip().toUpperCase(Locale.ROOT), i);
        }
        List<String> missing = expected.stream()
                .filter(column -> !columns.containsKey(column.toUpperCase(Locale.ROOT)))
                .toList();
        if (!missing.isEmpty()) {
            throw ImportRejected.of(
                    name,
                    lines.get(0),
                    "header",
                    "The header row has no column " + String.join(", ", missing) + "; it must name "
                            + String.join(",", expected));
        }
        Map<String, Integer> byExpectedName = new LinkedHashMap<>();
        for (String column : expected) {
            byExpectedName.put(column, columns.get(column.toUpperCase(Locale.ROOT)));
        }
        Map<String, Integer> lookup = Collections.unmodifiableMap(byExpectedName);
        List<CsvRecord> records = new ArrayList<>(rows.size());
        for (int i = 1; i < rows.size(); i++) {
            records.add(new CsvRecord(lines.get(i), rows.get(i), lookup));
        }
        return new CsvFile(name, stripBlank(records));
    }

    private static List<CsvRecord> stripBlank(List<CsvRecord> records) {
        return records.stream().filter(record -> !record.isBlank()).toList();
    }

    private static String decode(String name, byte[] content, long maxBytes) {
        if (content.length > maxBytes) {
            throw ImportRejected.of(
                    name, 1, "file", "The file is " + content.length + " bytes; the most allowed is " + maxBytes);
        }
        int start = content.length >= 3
                        && (content[0] & 0xFF) == 0xEF
                        && (content[1] & 0xFF) == 0xBB
                        && (content[2] & 0xFF) == 0xBF
                ? 3
                : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.wrap(content, start, content.length - start);
        CharBuffer text = CharBuffer.allocate(content.length);
        CoderResult result = decoder.decode(bytes, text, true);
        if (!result.isError()) {
            result = decoder.flush(text);
        }
        if (result.isError()) {
            int position = bytes.position();
            throw ImportRejected.of(
                    name,
                    lineAt(content, position),
                    "file",
                    "The file is not UTF-8 (byte " + (position + 1) + " is not valid UTF-8): save it as CSV UTF-8");
        }
        return text.flip().toString();
    }

    private static int lineAt(byte[] content, int position) {
        int line = 1;
        for (int i = 0; i < position && i < content.length; i++) {
            if (content[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static void parse(String name, String text, List<List<String>> rows, List<Integer> lines) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;
        boolean fieldWasQuoted = false;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < length && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    if (field.length() > 0 || fieldWasQuoted) {
                        throw ImportRejected.of(
                                name,
                                line,
                                "field " + (fields.size() + 1),
                                "A quote appears inside a field that does not start with one: put the whole field "
                                        + "in quotes and double the quote");
                    }
                    quoted = true;
                    fieldWasQuoted = true;
                }
                case ',' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldWasQuoted = false;
                }
                case '\r' -> {
                    if (i + 1 < length && text.charAt(i + 1) == '\n') {
                        continue;
                    }
                    throw ImportRejected.of(
                            name, line, "file", "A carriage return without a line feed: use CRLF or LF line ends");
                }
                case '\n' -> {
                    fields.add(field.toString());
                    rows.add(List.copyOf(fields));
                    lines.add(recordLine);
                    fields.clear();
                    field.setLength(0);
                    fieldWasQuoted = false;
                    line++;
                    recordLine = line;
                }
                default -> {
                    if (fieldWasQuoted) {
                        throw ImportRejected.of(
                                name,
                                line,
                                "field " + (fields.size() + 1),
                                "Text follows the closing quote of a quoted field: put the whole field in quotes");
                    }
                    field.append(c);
                }
            }
        }
        if (quoted) {
            throw ImportRejected.of(
                    name,
                    recordLine,
                    "field " + (fields.size() + 1),
                    "A quoted field is never closed: add the closing quote");
        }
        if (field.length() > 0 || fieldWasQuoted || !fields.isEmpty()) {
            fields.add(field.toString());
            rows.add(List.copyOf(fields));
            lines.add(recordLine);
        }
    }
}
