package org.gpaction.common.imports;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * A CSV file as RFC 4180 describes it: UTF-8 with or without a byte order mark, CRLF or LF line ends, fields in
 * double quotes that may hold commas, doubled quotes and line breaks. Anything else is refused naming the line.
 *
 * <p>The file is read from its stream one record at a time as it is iterated, so a file of any size allowed is
 * never held whole in memory; it can be iterated once. Blank records are skipped.
 */
public final class CsvFile implements Iterable<CsvRecord> {

    private final String name;
    private final CsvParser parser;
    private final Map<String, Integer> columns;
    private final List<String> header;
    private boolean iterated;
    /** A first row read to see what kind of file this is, given back as the first record. */
    private CsvParser.Row pushedBack;

    private CsvFile(String name, CsvParser parser, Map<String, Integer> columns) {
        this(name, parser, columns, List.copyOf(columns.keySet()));
    }

    private CsvFile(String name, CsvParser parser, Map<String, Integer> columns, List<String> header) {
        this.name = name;
        this.parser = parser;
        this.columns = columns;
        this.header = header;
    }

    public String name() {
        return name;
    }

    /** A file without a header row; fields are read by position. */
    public static CsvFile withoutHeader(String name, InputStream content, long maxBytes) {
        return new CsvFile(name, new CsvParser(name, content, maxBytes), Map.of());
    }

    /**
     * A file without a header row that must be of this kind: its first row is read at once, and a file that looks
     * like another kind is refused in one line before any row is checked.
     */
    public static CsvFile withoutHeader(String name, InputStream content, long maxBytes, FileKind kind) {
        CsvFile file = withoutHeader(name, content, maxBytes);
        CsvParser.Row first = file.parser.next();
        while (first != null && first.fields().stream().allMatch(String::isBlank)) {
            first = file.parser.next();
        }
        if (first != null) {
            FileKind.refuseIfAnother(name, first.fields(), kind);
        }
        file.pushedBack = first;
        return file;
    }

    /**
     * As {@link #withHeader(String, InputStream, long, List)}, for a file that must be of this kind: a header that
     * looks like another kind is refused in one line rather than as missing columns.
     */
    public static CsvFile withHeader(
            String name, InputStream content, long maxBytes, List<String> expected, FileKind kind) {
        return withHeader(name, content, maxBytes, expected, header -> FileKind.refuseIfAnother(name, header, kind));
    }

    /**
     * A file whose first row names its columns; every expected column must be there (in any order, any case),
     * and records are read by column name. The header is read at once.
     */
    public static CsvFile withHeader(String name, InputStream content, long maxBytes, List<String> expected) {
        return withHeader(name, content, maxBytes, expected, header -> {});
    }

    private static CsvFile withHeader(
            String name, InputStream content, long maxBytes, List<String> expected, Consumer<List<String>> checkKind) {
        CsvParser parser = new CsvParser(name, content, maxBytes);
        CsvParser.Row header = parser.next();
        if (header == null) {
            throw ImportRejected.of(
                    name, 1, "header", "The file is empty: it needs a header row naming " + String.join(",", expected));
        }
        checkKind.accept(header.fields());
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int i = 0; i < header.fields().size(); i++) {
            columns.putIfAbsent(header.fields().get(i).strip().toUpperCase(Locale.ROOT), i);
        }
        List<String> missing = expected.stream()
                .filter(column -> !columns.containsKey(column.toUpperCase(Locale.ROOT)))
                .toList();
        if (!missing.isEmpty()) {
            throw ImportRejected.of(
                    name,
                    header.line(),
                    "header",
                    "The header row has no column " + String.join(", ", missing) + "; it must name "
                            + String.join(",", expected));
        }
        Map<String, Integer> byExpectedName = new LinkedHashMap<>();
        for (String column : expected) {
            byExpectedName.put(column, columns.get(column.toUpperCase(Locale.ROOT)));
        }
        return new CsvFile(name, parser, Collections.unmodifiableMap(byExpectedName));
    }

    /**
     * A file whose first row names its columns, whatever they are: for published files whose columns differ between
     * releases. Records are read by the header's names, upper case with runs of spaces (and line breaks inside a
     * quoted header cell) made one space; {@link #header()} lists them so the caller can say what the file looks like.
     */
    public static CsvFile withAnyHeader(String name, InputStream content, long maxBytes) {
        CsvParser parser = new CsvParser(name, content, maxBytes);
        CsvParser.Row header = parser.next();
        if (header == null) {
            throw ImportRejected.of(name, 1, "header", "The file is empty: it needs a header row naming its columns");
        }
        Map<String, Integer> columns = new LinkedHashMap<>();
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < header.fields().size(); i++) {
            cells.add(columnName(header.fields().get(i)));
            columns.putIfAbsent(cells.get(i), i);
        }
        return new CsvFile(name, parser, Collections.unmodifiableMap(columns), List.copyOf(cells));
    }

    /** A header cell as {@link #withAnyHeader} names it: stripped, upper case, each run of white space one space. */
    public static String columnName(String headerCell) {
        return headerCell.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }

    /**
     * Every cell of the header, in order, repeats and blanks included (a file without a header says what it is by
     * how many columns it has): for {@link #withAnyHeader}, as {@link #columnName} makes them.
     */
    public List<String> header() {
        return header;
    }

    @Override
    public Iterator<CsvRecord> iterator() {
        if (iterated) {
            throw new IllegalStateException(name + " is read from its stream and can be iterated only once");
        }
        iterated = true;
        return new Iterator<>() {
            private CsvRecord next = advance();

            private CsvRecord advance() {
                for (CsvParser.Row row = nextRow(); row != null; row = nextRow()) {
                    CsvRecord record = new CsvRecord(row.line(), row.fields(), columns);
                    if (!record.isBlank()) {
                        return record;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public CsvRecord next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                CsvRecord current = next;
                next = advance();
                return current;
            }
        };
    }

    private CsvParser.Row nextRow() {
        CsvParser.Row row = pushedBack;
        if (row == null) {
            return parser.next();
        }
        pushedBack = null;
        return row;
    }
}
