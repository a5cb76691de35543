package org.gpaction.common.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvFileTests {

    @Test
    void aFileReadAFewBytesAtATimeGivesTheSameRecordsAsOneReadWhole() {
        StringBuilder text = new StringBuilder("\uFEFFname,note\r\n");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String note = i % 7 == 0 ? "two\nlines, \"quoted\" ü€𝄞" : "plain " + i;
            text.append("Zoë ")
                    .append(i)
                    .append(',')
                    .append('"')
                    .append(note.replace("\"", "\"\""))
                    .append('"')
                    .append(i % 2 == 0 ? "\r\n" : "\n");
            expected.add("Zoë " + i + "|" + note);
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);

        for (InputStream in : List.of(new ByteArrayInputStream(bytes), trickle(bytes))) {
            List<String> read = new ArrayList<>();
            for (CsvRecord record : CsvFile.withHeader("f.csv", in, bytes.length, List.of("name", "note"))) {
                read.add(record.get("name") + "|" + record.fields().get(1));
            }
            assertThat(read).isEqualTo(expected);
        }
    }

    @Test
    void aByteThatIsNotUtf8IsNamedWithItsLineWhereverTheReadsSplitTheFile() {
        byte[] good = "a,b\n".repeat(20_000).getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[good.length + 1];
        System.arraycopy(good, 0, bytes, 0, good.length);
        bytes[good.length] = (byte) 0xC3;

        for (InputStream in : List.of(new ByteArrayInputStream(bytes), trickle(bytes))) {
            ImportRejected refused = catchThrowableOfType(
                    ImportRejected.class,
                    () -> CsvFile.withoutHeader("f.csv", in, bytes.length).forEach(r -> {}));
            assertThat(refused.problems().get(0).line()).isEqualTo(20_001);
            assertThat(refused.problems().get(0).message()).contains("byte " + bytes.length + " is not valid UTF-8");
        }
    }

    @Test
    void aFileSavedAsWindows1252IsRefusedNamingTheLineAndFieldOfItsFirstPoundSign_ratherThanReadWithReplacements() {
        byte[] bytes = "name,town,fee\r\nZoe,Leeds,10\r\nRene,Caf\u00e9 Town,\u00a35\r\n"
                .getBytes(java.nio.charset.Charset.forName("windows-1252"));
        assertThat(bytes)
                .as("é and £ are one byte each, as Windows-1252 writes them")
                .contains((byte) 0xE9, (byte) 0xA3);

        ImportRejected refused = catchThrowableOfType(
                ImportRejected.class,
                () -> CsvFile.withHeader("members.csv", new ByteArrayInputStream(bytes), bytes.length, List.of("name"))
                        .forEach(r -> {}));

        assertThat(refused.problems()).hasSize(1);
        assertThat(refused.problems().get(0).line()).isEqualTo(3);
        assertThat(refused.problems().get(0).message())
                .contains("not UTF-8", "in field 2 of this line", "save it as CSV UTF-8")
                .doesNotContain("\uFFFD");
    }

    @Test
    void aStrayQuoteOrAFileWithoutLineEndsIsRefusedNamingWhereTheRecordBeganNotHeldWhole() {
        // A stray quote on line 3 makes the rest of a big file one field; a file with no line ends, one record.
        String rows = "a,b\n".repeat(CsvParser.MOST_CHARS_IN_A_RECORD / 4 + 10);
        byte[] strayQuote = ("a,b\na,b\n\"a,b\n" + rows).getBytes(StandardCharsets.UTF_8);
        ImportRejected quoted = catchThrowableOfType(
                ImportRejected.class,
                () -> CsvFile.withoutHeader("f.csv", new ByteArrayInputStream(strayQuote), strayQuote.length)
                        .forEach(r -> {}));
        assertThat(quoted.problems().get(0).line()).isEqualTo(3);
        assertThat(quoted.problems().get(0).message())
                .contains("more than 4,194,304 characters", "field 1", "never closed");

        byte[] oneLine = rows.replace('\n', ';').getBytes(StandardCharsets.UTF_8);
        ImportRejected unended = catchThrowableOfType(
                ImportRejected.class,
                () -> CsvFile.withoutHeader("f.csv", new ByteArrayInputStream(oneLine), oneLine.length)
                        .forEach(r -> {}));
        assertThat(unended.problems().get(0).line()).isEqualTo(1);
        assertThat(unended.problems().get(0).message()).contains("line end after each row");

        byte[] commas = ",".repeat(CsvParser.MOST_FIELDS_IN_A_RECORD).getBytes(StandardCharsets.UTF_8);
        ImportRejected wide = catchThrowableOfType(
                ImportRejected.class,
                () -> CsvFile.withoutHeader("f.csv", new ByteArrayInputStream(commas), commas.length)
                        .forEach(r -> {}));
        assertThat(wide.problems().get(0).message()).contains("more than 10,000 fields");

        byte[] widest =
                ",".repeat(CsvParser.MOST_FIELDS_IN_A_RECORD - 2).concat("\n").getBytes(StandardCharsets.UTF_8);
        List<CsvRecord> read = new ArrayList<>();
        CsvFile.withoutHeader("f.csv", new ByteArrayInputStream(widest), widest.length)
                .forEach(read::add);
        assertThat(read).isEmpty(); // all blank, so skipped: but read, not refused
    }

    @Test
    void aFileLongerThanTheLimitIsRefusedHavingReadOneByteMore() {
        byte[] bytes = "a,b\n".repeat(1_000).getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);

        ImportRejected refused = catchThrowableOfType(
                ImportRejected.class,
                () -> CsvFile.withoutHeader("f.csv", in, 1_000).forEach(r -> {}));

        assertThat(refused.problems().get(0).message()).contains("the most allowed is 1,000 bytes");
        assertThat(in.available()).isEqualTo(bytes.length - 1_001);
    }

    @Test
    void anyHeaderListsEveryCellRepeatsAndBlanksIncludedAndReadsTheFirstOfARepeat() {
        CsvFile csv = CsvFile.withAnyHeader(
                "f.csv",
                new ByteArrayInputStream(
                        "Code,,Practice  Name,code,\nA81001,x,The Surgery,B81001,y\n".getBytes(StandardCharsets.UTF_8)),
                1_000);

        assertThat(csv.header()).containsExactly("CODE", "", "PRACTICE NAME", "CODE", "");
        CsvRecord record = csv.iterator().next();
        assertThat(record.get("CODE")).isEqualTo("A81001");
        assertThat(record.get("PRACTICE NAME")).isEqualTo("The Surgery");
    }

    @Test
    void aLoneCarriageReturnAtTheEndIsRefused() {
        ImportRejected refused = catchThrowableOfType(
                ImportRejected.class,
                () -> CsvFile.withoutHeader(
                                "f.csv", new ByteArrayInputStream("a,b\r".getBytes(StandardCharsets.UTF_8)), 100)
                        .forEach(r -> {}));
        assertThat(refused.problems().get(0).message()).contains("carriage return");
    }

    /** A stream that hands over one to seven bytes a read, as a slow network does. */
    private static InputStream trickle(byte[] bytes) {
        Random random = new Random(42);
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(7)));
            }
        };
    }
}
