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
import java.util.List;
import java.util.Locale;

/** Reads a {@link CsvFile}: decodes the stream chunk by chunk and splits it into rows; at most {@code maxBytes} are read. */
final class CsvParser {

    private static final int CHUNK = 64 * 1024;

    /**
     * The longest record taken, in characters: far beyond any row a file we import has (an epraccur row is about 300,
     * a workforce row a few thousand), and a bound on what one record holds in memory when a stray quote or a file
     * without line ends would make the rest of the file one record.
     */
    static final int MOST_CHARS_IN_A_RECORD = 4 * 1024 * 1024;

    /** The most fields a record may have: the widest published file we import has about a thousand columns. */
    static final int MOST_FIELDS_IN_A_RECORD = 10_000;

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
    /** Where in the file the first byte that is not UTF-8 is, once one is found; -1 before. */
    private long badByte = -1;

    private final List<String> fields = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();
    private int line = 1;
    private int recordLine = 1;
    private int recordChars;
    private boolean quoted;
    private boolean quoteInQuoted;
    private boolean carriageReturn;
    private boolean fieldWasQuoted;
    private boolean finished;

    CsvParser(String name, InputStream in, long maxBytes) {
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
        if (++recordChars > MOST_CHARS_IN_A_RECORD) {
            throw ImportRejected.of(
                    name,
                    recordLine,
                    "file",
                    String.format(
                                    Locale.ROOT,
                                    "The record starting on this line is more than %,d characters long",
                                    MOST_CHARS_IN_A_RECORD)
                            + (quoted
                                    ? ": a quoted field in it (field " + (fields.size() + 1)
                                            + ") is never closed; add the closing quote"
                                    : ": check that the file has a line end after each row"));
        }
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
                if (fields.size() + 1 >= MOST_FIELDS_IN_A_RECORD) {
                    throw ImportRejected.of(
                            name,
                            recordLine,
                            "file",
                            String.format(
                                    Locale.ROOT,
                                    "The record starting on this line has more than %,d fields: check that the"
                                            + " file has a line end after each row",
                                    MOST_FIELDS_IN_A_RECORD));
                }
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
                recordChars = 0;
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
        if (badByte >= 0) {
            throw notUtf8();
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
                    badByte = bytesBeforeBuffer + bytes.position();
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
        if (!chars.hasRemaining() && badByte >= 0) {
            throw notUtf8();
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

    /**
     * Thrown once the text before the bad byte has been split into fields, so the line and field are the ones it is
     * in: a file saved as Windows-1252 ("CSV (Comma delimited)" in Excel) is UTF-8 up to its first £ or é.
     */
    private ImportRejected notUtf8() {
        return ImportRejected.of(
                name,
                line,
                "file",
                "The file is not UTF-8 (byte " + (badByte + 1) + " is not valid UTF-8; it is in field "
                        + (fields.size() + 1) + " of this line): save it as CSV UTF-8");
    }
}
