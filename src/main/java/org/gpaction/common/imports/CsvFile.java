package org.gpaction.common.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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

    private static final int CHUNK = 64 * 1024;

    private final String name;
    private final Parser parser;
    private final Map<String, Integer> columns;
    private final List<String> header;
    private boolean iterated;
    /** A first row read to see what kind of file this is, given back as the first record. */
    private Parser.Row pushedBack;

    private CsvFile(String name, Parser parser, Map<String, Integer> columns) {
        this(name, parser, columns, List.copyOf(columns.keySet()));
    }

    private CsvFile(String name, Parser parser, Map<String, Integer> columns, List<String> header) {
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
        return new CsvFile(name, new Parser(name, content, maxBytes), Map.of());
    }

    /**
     * A file without a header row that must be of this kind: its first row is read at once, and a file that looks
     * like another kind is refused in one line before any row is checked.
     */
    public static CsvFile withoutHeader(String name, InputStream content, long maxBytes, FileKind kind) {
        CsvFile file = withoutHeader(name, content, maxBytes);
        Parser.Row first = file.parser.next();
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
        Parser parser = new Parser(name, content, maxBytes);
        Parser.Row header = parser.next();
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
        Parser parser = new Parser(name, content, maxBytes);
        Parser.Row header = parser.next();
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
                for (Parser.Row row = nextRow(); row != null; row = nextRow()) {
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

    private Parser.Row nextRow() {
        Parser.Row row = pushedBack;
        if (row == null) {
            return parser.next();
        }
        pushedBack = null;
        return row;
    }

    /** Decodes the stream chunk by chunk and splits it into rows; at most {@code maxBytes} are read. */
    private static final class Parser {

        record Row(int line, List<String> fields) {}

        private final String name;
        private final InputStream in;
        private final long maxBytes;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        private final ByteBuffer bytes = ByteBuffer.allocate(CHUNK);
        private final CharBuffer chars = CharBuffer.allocate(CHUNK);
        private long bytesRead;
        private long bytesBeforeBuffer;
        private boolean endOfStream;
        private boolean started;
        private boolean drained;
        private String decodingProblem;

        private final List<String> fields = new ArrayList<>();
        private final StringBuilder field = new StringBuilder();
        private int line = 1;
        private int recordLine = 1;
        private boolean quoted;
        private boolean quoteInQuoted;
        private boolean carriageReturn;
        private boolean fieldWasQuoted;
        private boolean finished;

        Parser(String name, InputStream in, long maxBytes) {
            this.name = name;
            this.in = in;
            this.maxBytes = maxBytes;
            chars.flip();
            bytes.flip();
        }

        /** The next row, or null at the end of the file. */
        Row next() {
            while (!finished) {
                while (chars.hasRemaining()) {
                    Row row = accept(chars.get());
                    if (row != null) {
                        return row;
                    }
                }
                if (!refill()) {
                    finished = true;
                    return finish();
                }
            }
            return null;
        }

        private Row accept(char c) {
            if (carriageReturn) {
                carriageReturn = false;
                if (c != '\n') {
                    throw ImportRejected.of(
                            name, line, "file", "A carriage return without a line feed: use CRLF or LF line ends");
                }
            }
            if (quoteInQuoted) {
                quoteInQuoted = false;
                if (c == '"') {
                    field.append('"');
                    return null;
                }
                quoted = false;
            }
            if (quoted) {
                if (c == '"') {
                    quoteInQuoted = true;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                return null;
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
                case '\r' -> carriageReturn = true;
                case '\n' -> {
                    fields.add(field.toString());
                    Row row = new Row(recordLine, List.copyOf(fields));
                    fields.clear();
                    field.setLength(0);
                    fieldWasQuoted = false;
                    line++;
                    recordLine = line;
                    return row;
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
            return null;
        }

        private Row finish() {
            if (carriageReturn) {
                throw ImportRejected.of(
                        name, line, "file", "A carriage return without a line feed: use CRLF or LF line ends");
            }
            if (quoteInQuoted) {
                quoted = false;
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
                return new Row(recordLine, List.copyOf(fields));
            }
            return null;
        }

        /** Decodes more of the stream into {@link #chars}; false at the end of the file. */
        private boolean refill() {
            if (decodingProblem != null) {
                throw ImportRejected.of(name, line, "file", decodingProblem);
            }
            if (drained) {
                return false;
            }
            chars.clear();
            try {
                while (chars.position() == 0) {
                    if (!endOfStream) {
                        read();
                    }
                    CoderResult result = decoder.decode(bytes, chars, endOfStream);
                    if (result.isError()) {
                        decodingProblem = notUtf8(bytesBeforeBuffer + bytes.position());
                        break;
                    }
                    if (endOfStream && result.isUnderflow()) {
                        decoder.flush(chars);
                        drained = true;
                        break;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + name, e);
            }
            chars.flip();
            if (!chars.hasRemaining() && decodingProblem != null) {
                throw ImportRejected.of(name, line, "file", decodingProblem);
            }
            return chars.hasRemaining();
        }

        private void read() throws IOException {
            bytesBeforeBuffer += bytes.position();
            bytes.compact();
            if (bytes.hasRemaining()) {
                int wanted = (int) Math.min(bytes.remaining(), maxBytes + 1 - bytesRead);
                int n = in.read(bytes.array(), bytes.position(), wanted);
                if (n < 0) {
                    endOfStream = true;
                } else {
                    bytesRead += n;
                    bytes.position(bytes.position() + n);
                    if (bytesRead > maxBytes) {
                        throw ImportRejected.of(
                                name,
                                1,
                                "file",
                                String.format(
                                        Locale.ROOT,
                                        "The file is more than %,d bytes; the most allowed is %,d bytes",
                                        maxBytes,
                                        maxBytes));
                    }
                }
            }
            bytes.flip();
            if (!started) {
                started = true;
                skipByteOrderMark();
            }
        }

        /** The mark is read whole here: a first read shorter than three bytes only happens for tiny files. */
        private void skipByteOrderMark() throws IOException {
            while (bytes.remaining() < 3 && !endOfStream) {
                bytes.compact();
                int wanted = (int) Math.min(bytes.remaining(), maxBytes + 1 - bytesRead);
                int n = in.read(bytes.array(), bytes.position(), wanted);
                if (n < 0) {
                    endOfStream = true;
                } else {
                    bytesRead += n;
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
            }
            if (bytes.remaining() >= 3
                    && (bytes.get(0) & 0xFF) == 0xEF
                    && (bytes.get(1) & 0xFF) == 0xBB
                    && (bytes.get(2) & 0xFF) == 0xBF) {
                bytes.position(3);
            }
        }

        private static String notUtf8(long position) {
            return "The file is not UTF-8 (byte " + (position + 1) + " is not valid UTF-8): save it as CSV UTF-8";
        }
    }
}
