package org.gpaction.ballots.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The second verifier, docs/verifier/verify.py, was written in Python from docs/ballot-record.md alone. It and this
 * package's verifier must give the same verdict on a genuine record, on a voter's tracker, and on every kind of
 * tampering, and the same counts, spoilt positions and votes wherever both print them: where they differ, the
 * document has left something undecided or one of them does not do what it says.
 */
class IndependentVerifierTests {

    private static final Path SCRIPT = Path.of("docs/verifier/verify.py");
    private static final Pattern JAVA_COUNT =
            Pattern.compile("PASS recounted (\\d+) ballots? whose proofs hold.*?; (\\d+) spoilt(.*)");
    private static final Pattern PYTHON_COUNT =
            Pattern.compile("PASS recounted: (\\d+) ballots? counted, (\\d+) spoilt at positions? \\[(.*)]");
    private static final Pattern JAVA_POSITION = Pattern.compile("#(\\d+) ");
    private static final Pattern PYTHON_POSITION = Pattern.compile("(\\d+)");
    private static final Pattern JAVA_VOTES = Pattern.compile("decrypted from the shares[:( ]+([^)\\n]*)\\)?\\n");
    private static final Pattern PYTHON_VOTES = Pattern.compile("the shares decrypt the totals to: (.*)\\n");

    @TempDir
    Path dir;

    private final FixedRandom random = new FixedRandom(11);
    private final List<TrusteeKey> trustees = Elections.trustees(2, random);
    private final Election election = Elections.yesNo(trustees);

    /** One record, or a misuse, given to both verifiers, and the exit code both must answer. */
    private record Case(String name, int exit, Path record, String... args) {
        List<String> arguments() {
            List<String> all = new ArrayList<>(List.of(record.toString()));
            all.addAll(Arrays.asList(args));
            return all;
        }
    }

    @TestFactory
    Stream<DynamicTest> bothVerifiersGiveTheSameVerdictOnEveryRecord() throws Exception {
        requirePython();
        List<byte[]> ballots = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ballots.add(election.encrypt(i < 20 ? 0 : 1, random).encode());
        }
        byte[] badProof = election.encrypt(0, random).encode();
        badProof[badProof.length - 1] ^= 1;
        List<byte[]> papers = new ArrayList<>(ballots);
        papers.add(5, badProof);
        papers.add(ballots.get(2));
        Path record = dir.resolve("record.zip");
        Records.write(record, election, trustees, papers, random);

        List<Case> cases = new ArrayList<>(List.of(
                new Case("a genuine record with a spoilt paper and a byte copy", 0, record),
                new Case("a voter's tracker, grouped", 0, record, "--tracker", grouped(ballots.get(3))),
                new Case(
                        "a copied ballot's tracker in uppercase hex",
                        0,
                        record,
                        "--tracker",
                        Tracker.hex(Hashes.sha256(ballots.get(2))).toUpperCase(Locale.ROOT)),
                new Case("the spoilt paper's tracker", 1, record, "--tracker", grouped(badProof)),
                new Case("a tracker not in the record", 1, record, "--tracker", grouped(new byte[] {1})),
                new Case("a tracker too short", 2, record, "--tracker", "RQ7L-4TZF"),
                new Case("no such file", 2, dir.resolve("no-such.zip")),
                new Case("an argument more", 2, record, "--quick"),
                new Case(
                        "the joint key given, then a voter's tracker",
                        0,
                        record,
                        "--joint-key",
                        RecordJson.point(election.jointKey()),
                        "--tracker",
                        grouped(ballots.get(3))),
                new Case(
                        "the joint key given twice",
                        2,
                        record,
                        "--joint-key",
                        RecordJson.point(election.jointKey()),
                        "--joint-key",
                        RecordJson.point(election.jointKey())),
                new Case("--joint-key without a key", 2, record, "--joint-key"),
                new Case("a ballot's bytes changed", 1, changeLine(record, 7, Records::withACharacterChanged)),
                new Case(
                        "a ballot replaced by another valid one",
                        1,
                        changeLine(
                                record, 4, l -> line(election.encrypt(1, random).encode()))),
                new Case("a ballot removed", 1, changeLine(record, 12, l -> null)),
                new Case("a share altered", 1, Records.tamper(record, "shares.json", IndependentVerifierTests::aShare)),
                new Case("the result altered", 1, Records.tamper(record, "result.json", votes("20", "21"))),
                new Case(
                        "a field added to the result",
                        1,
                        Records.tamper(record, "result.json", t -> t.replaceFirst("\\{", "{ \"certified\" : true,"))),
                new Case(
                        "the result written on one line, its fields in another order",
                        0,
                        Records.tamper(record, "result.json", IndependentVerifierTests::reordered)),
                new Case(
                        "a trustee dropped",
                        1,
                        Records.tamper(
                                record,
                                "trustees.json",
                                t -> t.replaceFirst(
                                        "(?s)\\{\\s*\"format\" : \"gp-action-trustee-public-key/1\".*?\\}\\s*\\},?",
                                        ""))),
                new Case(
                        "the question altered",
                        1,
                        Records.tamper(record, "election.json", t -> t.replace("collective action", "strike")))));
        cases.addAll(strictnessCases(record, papers));
        cases.addAll(whatTheRecordDoesNotBind(record));

        // The Python runs, the slow part, go two at a time while the dynamic tests wait for each in turn.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<String>> python = cases.stream()
                .map(c -> pool.submit(() -> python(c.arguments())))
                .toList();
        pool.shutdown();
        return IntStream.range(0, cases.size())
                .mapToObj(i -> DynamicTest.dynamicTest(
                        cases.get(i).name(),
                        () -> compare(cases.get(i), python.get(i).get(5, TimeUnit.MINUTES))));
    }

    private static void compare(Case c, String py) {
        String java = Records.run(
                Stream.concat(Stream.of("verify"), c.arguments().stream()).toArray(String[]::new));

        assertThat(exit(java)).as("Java:\n%s", java).isEqualTo(c.exit());
        assertThat(exit(py)).as("Python:\n%s", py).isEqualTo(c.exit());
        Optional<List<String>> javaCounts = counts(JAVA_COUNT, JAVA_POSITION, java);
        Optional<List<String>> pythonCounts = counts(PYTHON_COUNT, PYTHON_POSITION, py);
        Optional<String> javaVotes = found(JAVA_VOTES, java);
        Optional<String> pythonVotes = found(PYTHON_VOTES, py);
        if (c.exit() == 0) {
            assertThat(List.of(javaCounts, pythonCounts, javaVotes, pythonVotes))
                    .as("a verified record's counts and votes, printed by both:\n%s\n%s", java, py)
                    .allMatch(Optional::isPresent);
        }
        // Where both go as far as counting or decrypting, they agree, a record with unsound lines included: a line
        // that holds no ballot takes its position and is neither counted nor spoilt in both.
        if (javaCounts.isPresent() && pythonCounts.isPresent()) {
            assertThat(pythonCounts)
                    .as("counted, spoilt and the first spoilt positions:\n%s\n%s", java, py)
                    .isEqualTo(javaCounts);
        }
        if (javaVotes.isPresent() && pythonVotes.isPresent()) {
            assertThat(pythonVotes).as("votes:\n%s\n%s", java, py).isEqualTo(javaVotes);
        }
    }

    @Test
    void bothVerifiersSayAShareWithAPartMoreThanTheOptionsHasTooManyParts() throws Exception {
        requirePython();
        List<byte[]> papers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            papers.add(election.encrypt(i % 2, random).encode());
        }
        Path record = dir.resolve("parts.zip");
        Records.write(record, election, trustees, papers, random);
        Path onePartMore = Records.tamper(record, "shares.json", t -> {
            var shares = RecordJson.read(t.getBytes(StandardCharsets.UTF_8), "shares");
            ArrayNode parts = (ArrayNode) shares.get("shares").get(0).get("parts");
            ObjectNode extra = (ObjectNode) parts.get(parts.size() - 1).deepCopy();
            extra.put("option", parts.size());
            parts.add(extra);
            return new String(RecordJson.write(shares), StandardCharsets.UTF_8);
        });

        String java = Records.run("verify", onePartMore.toString());
        String py = python(List.of(onePartMore.toString()));

        assertThat(exit(java)).as(java).isEqualTo(1);
        assertThat(exit(py)).as(py).isEqualTo(1);
        Matcher said = Pattern.compile("FAIL trustee [12]'s decryption share has 3 parts, not 2\n")
                .matcher(java);
        assertThat(said.find()).as(java).isTrue();
        assertThat(py).as("the Java verifier's words, for the same trustee").contains(said.group());
    }

    @Test
    void thePythonVerifierWritesCountsOfOneInTheSingularAsTheJavaVerifierDoes() throws Exception {
        requirePython();
        List<TrusteeKey> oneTrustee = Elections.trustees(1, random);
        Election yesNo = Elections.yesNo(oneTrustee);
        Election yesOnly = new Election(
                yesNo.electionId(),
                yesNo.question(),
                List.of("Yes"),
                oneTrustee.stream().map(TrusteeKey::publicKey).toList());
        Path oneBallot =
                recordOf(yesNo, oneTrustee, List.of(yesNo.encrypt(0, random).encode()));
        Path oneSpoilt = recordOf(
                yesNo,
                oneTrustee,
                List.of(
                        yesNo.encrypt(1, random).encode(),
                        yesOnly.encrypt(0, random).encode()));
        Path onePartLess = Records.tamper(oneBallot, "shares.json", t -> {
            var shares = RecordJson.read(t.getBytes(StandardCharsets.UTF_8), "shares");
            ((ArrayNode) shares.get("shares").get(0).get("parts")).remove(1);
            return new String(RecordJson.write(shares), StandardCharsets.UTF_8);
        });

        String javaSpoilt = Records.run("verify", oneSpoilt.toString());
        String javaPartLess = Records.run("verify", onePartLess.toString());
        String verified = python(List.of(oneBallot.toString()));
        String spoilt = python(List.of(oneSpoilt.toString()));
        String partLess = python(List.of(onePartLess.toString()));

        assertThat(exit(javaSpoilt)).as(javaSpoilt).isZero();
        String javaSaid = "FAIL trustee 1's decryption share has 1 part, not 2\n";
        assertThat(javaPartLess).startsWith("exit 1").contains(javaSaid);
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(verified)
                    .startsWith("exit 0")
                    .contains("PASS trustees.json is well formed (1 trustee)\n")
                    .contains("PASS every line of ballots.txt is a tracker and its ballot (1 line)\n")
                    .contains("PASS recounted: 1 ballot counted, 0 spoilt at positions []\n")
                    .contains("PASS shares.json is well formed (1 share)\n");
            softly.assertThat(spoilt)
                    .startsWith("exit 0")
                    .contains(" is SPOILT, not counted: has 1 ciphertext, the election has 2 options\n")
                    .contains("PASS recounted: 1 ballot counted, 1 spoilt at position [2]\n");
            softly.assertThat(counts(PYTHON_COUNT, PYTHON_POSITION, spoilt))
                    .as("counted, spoilt and the spoilt position:\n%s\n%s", javaSpoilt, spoilt)
                    .isEqualTo(counts(JAVA_COUNT, JAVA_POSITION, javaSpoilt))
                    .contains(List.of("1", "1", "2"));
            softly.assertThat(partLess)
                    .as("the Java verifier's words, for the same trustee")
                    .startsWith("exit 1")
                    .contains(javaSaid);
            for (String output : List.of(verified, spoilt, partLess)) {
                softly.assertThat(output).doesNotContainPattern(PYTHON_ONE_IN_THE_PLURAL);
            }
        });
    }

    /**
     * What the Python verifier may take of the address space in the tests of hostile records (64 MiB), and how much
     * more those records unpack to (128 MiB): a verifier that read one of them whole would fail at once with a
     * MemoryError rather than take the machine's memory.
     */
    private static final long PYTHON_MEMORY = 64L << 20;

    private static final long HOSTILE = 128L << 20;

    @Test
    void bothVerifiersRefuseAJsonFileLargerThanTheLimitNamingItAndTheLimit() throws Exception {
        requirePython();
        Path hostile = Records.padded(recordOf(election, trustees, sixBallots(election)), "tally.json", HOSTILE, false);

        String java = Records.run("verify", hostile.toString());
        String py = pythonWithin(PYTHON_MEMORY, List.of(hostile.toString()));

        String said = "tally.json is larger than 67,108,864 bytes, the most a JSON file of a record may have";
        assertThat(java).startsWith("exit 1").contains(said);
        assertThat(py)
                .startsWith("exit 1")
                .contains("FAIL tally.json is well formed (" + said + ")\n")
                .endsWith("NOT VERIFIED\n");
    }

    /**
     * A file's data can inflate to far more than the size the zip's directory gives it: both verifiers read it to that
     * size and no further (section 6), so a record whose tally.json is followed by 128 MiB it does not declare
     * verifies, as its own bytes are all that is read.
     */
    @Test
    void bothVerifiersReadAFileOnlyToTheSizeTheZipGivesItHoweverFarItsDataInflates() throws Exception {
        requirePython();
        Path hostile = Records.padded(recordOf(election, trustees, sixBallots(election)), "tally.json", HOSTILE, true);

        String py = pythonWithin(PYTHON_MEMORY, List.of(hostile.toString()));

        compare(new Case("tally.json's data going on for 128 MiB past the size the zip gives it", 0, hostile), py);
    }

    /**
     * ballots.txt has no limit on its size (a real one grows with the papers), so both verifiers read it a line at a
     * time, and of a line longer than any ballot's only as much as shows it is too long: a last line of 128 MiB,
     * without a line feed, is one wrong line to both, the papers before it counted as they are. (Both count its two
     * faults, no line feed and too long, as two wrong lines.)
     */
    @Test
    void bothVerifiersReadBallotsTxtALineAtATimeHoweverLongTheLine() throws Exception {
        requirePython();
        Path hostile =
                Records.padded(recordOf(election, trustees, sixBallots(election)), "ballots.txt", HOSTILE, false);

        String py = pythonWithin(PYTHON_MEMORY, List.of(hostile.toString()));

        compare(new Case("ballots.txt's last line 128 MiB of white space", 1, hostile), py);
        assertThat(Records.run("verify", hostile.toString()))
                .contains("FAIL 2 ballot lines are wrong: ballots.txt line 7 does not end with a line feed;"
                        + " ballots.txt line 7 is longer than any ballot's\n");
        assertThat(py)
                .contains("FAIL 2 ballot lines are wrong: ballots.txt line 7 does not end with a line feed;"
                        + " ballots.txt line 7 is not <64 lowercase hex> <space> <base64url without padding>")
                .contains("PASS recounted: 6 ballots counted, 0 spoilt at positions []\n");
    }

    /**
     * The Python verifier reads each JSON file of the record when its check comes to it and drops it after, so it holds
     * one at a time: a record whose five JSON files each end in 12 MiB of white space (which JSON allows) verifies
     * within the 64 MiB that would not hold all five.
     */
    @Test
    void thePythonVerifierHoldsOneJsonFileAtATime() throws Exception {
        requirePython();
        Path record = recordOf(election, trustees, sixBallots(election));
        for (String name : List.of("election.json", "trustees.json", "tally.json", "shares.json", "result.json")) {
            record = Records.padded(record, name, 12L << 20, false);
        }

        String py = pythonWithin(PYTHON_MEMORY, List.of(record.toString()));

        compare(new Case("each JSON file ending in 12 MiB of white space", 0, record), py);
    }

    /**
     * A ballots.txt whose bytes do not match its CRC-32 fails as a zip that cannot be read, once it has been read, and
     * not with a traceback, which exits 1 too.
     */
    @Test
    void bothVerifiersFailABallotsTxtThatDoesNotMatchItsCrc32AsADamagedZip() throws Exception {
        requirePython();
        Path damaged = Records.damaged(recordOf(election, trustees, sixBallots(election)), "ballots.txt");

        String java = Records.run("verify", damaged.toString());
        String py = python(List.of(damaged.toString()));

        assertThat(java)
                .startsWith("exit 1")
                .contains("ballots.txt is damaged: its bytes do not match the CRC-32 and size the zip gives them");
        assertThat(py)
                .startsWith("exit 1")
                .contains("FAIL record.zip is a readable zip (Bad CRC-32 for file 'ballots.txt')\n")
                .doesNotContain("Traceback")
                .endsWith("NOT VERIFIED\n");
    }

    /**
     * A small zip can hold millions of wrong lines: both verifiers name the first 20 wrong lines of ballots.txt, the
     * same ones, and count the rest in the same words.
     */
    @Test
    void bothVerifiersNameTheFirst20WrongLinesOfBallotsTxtAndCountTheRest() throws Exception {
        requirePython();
        List<byte[]> papers = new ArrayList<>();
        for (int i = 0; i < 27; i++) {
            papers.add(election.encrypt(i % 2, random).encode());
        }
        Path record = recordOf(election, trustees, papers);
        // Every line's tracker changed but the 4th and the last: 25 wrong lines, each with one fault.
        Path wrong = Records.tamper(record, "ballots.txt", t -> {
            List<String> lines = new ArrayList<>(t.lines().toList());
            for (int i = 0; i < lines.size() - 1; i++) {
                if (i != 3) {
                    String l = lines.get(i);
                    lines.set(i, (l.charAt(0) == '0' ? "1" : "0") + l.substring(1));
                }
            }
            return lines.stream().collect(Collectors.joining("\n", "", "\n"));
        });

        String java = Records.run("verify", wrong.toString());
        String py = python(List.of(wrong.toString()));

        Pattern wrongLines = Pattern.compile("FAIL 25 ballot lines are wrong: (.*); and 5 more\n");
        Matcher javaSaid = wrongLines.matcher(java);
        Matcher pythonSaid = wrongLines.matcher(py);
        assertThat(javaSaid.find()).as(java).isTrue();
        assertThat(pythonSaid.find()).as(py).isTrue();
        List<String> named = Stream.concat(
                        Stream.of(1, 2, 3), IntStream.rangeClosed(5, 21).boxed())
                .map(n -> "line " + n)
                .toList();
        assertThat(linesNamed(javaSaid.group(1))).as(java).isEqualTo(named);
        assertThat(linesNamed(pythonSaid.group(1))).as(py).isEqualTo(named);
        assertThat(py).startsWith("exit 1").doesNotContain("line 22");
    }

    private static List<String> linesNamed(String said) {
        return Pattern.compile("ballots\\.txt (line \\d+)[ :]")
                .matcher(said)
                .results()
                .map(r -> r.group(1))
                .toList();
    }

    /**
     * With --joint-key (the joint key a voter saw announced) a record verifies only if its ballots were encrypted to
     * that key: both verifiers say so in the same words, name both keys when they differ, and refuse a key that is no
     * point as misuse.
     */
    @Test
    void bothVerifiersCompareTheRecordsJointKeyWithTheOneGivenInTheSameWords() throws Exception {
        requirePython();
        Path record = recordOf(election, trustees, sixBallots(election));
        Path keysUnreadable = Records.tamper(record, "trustees.json", t -> "{}");
        String key = RecordJson.point(election.jointKey());
        String other = RecordJson.point(TrusteeKey.generate(random).publicKey().key());
        String typed = key.toUpperCase(Locale.ROOT).replaceAll("(.{11})", "$1 ").strip();
        String noPoint = "02" + "ff".repeat(32);
        record Given(Path record, String key, int exit, String said) {}

        SoftAssertions softly = new SoftAssertions();
        for (Given given : List.of(
                new Given(
                        record,
                        typed,
                        0,
                        "PASS the record's joint key is " + key + ", the one given with --joint-key\n"),
                new Given(
                        record,
                        other,
                        1,
                        "FAIL the record's joint key is " + key + ", not " + other + ", the one given with"
                                + " --joint-key: its ballots were encrypted to another key than the one given\n"),
                new Given(
                        keysUnreadable,
                        key,
                        1,
                        "FAIL the joint key given with --joint-key cannot be compared: the record's keys cannot"
                                + " be read\n"),
                new Given(
                        record,
                        noPoint,
                        2,
                        "--joint-key must be the ballot's joint key as its pages give it, 66 hexadecimal digits"
                                + " that are a point of P-256, not " + noPoint + "\n"))) {
            List<String> arguments = List.of(given.record().toString(), "--joint-key", given.key());
            String java = Records.run(
                    Stream.concat(Stream.of("verify"), arguments.stream()).toArray(String[]::new));
            String py = python(arguments);
            softly.assertThat(java).startsWith("exit " + given.exit()).contains(given.said());
            softly.assertThat(py).startsWith("exit " + given.exit()).contains(given.said());
        }
        softly.assertAll();
    }

    /** A count of one with its noun in the plural, as the Python verifier printed "(1 trustees)". */
    private static final Pattern PYTHON_ONE_IN_THE_PLURAL = Pattern.compile(
            "(?<![0-9])1 (trustees|shares|lines|ballots|ciphertexts|parts|options|spoilt at positions)\\b");

    /** What the Java verifier was lax about before, and what the document now decides. */
    private List<Case> strictnessCases(Path record, List<byte[]> papers) throws Exception {
        TrusteeKey stranger = TrusteeKey.generate(random);
        EncryptedTally tally = Tally.count(election, papers.iterator(), true);
        var strangersShare = DecryptionShareJson.share(
                election.extendedBaseHash(),
                DecryptionShare.compute(stranger, election.extendedBaseHash(), tally.totals(), random));
        UnaryOperator<String> halfAPair = t -> t.replace("collective action?", "collective action\\ud800");
        return List.of(
                new Case(
                        "a field given twice",
                        1,
                        Records.tamper(record, "result.json", votes("20", "21, \"votes\" : 20"))),
                new Case(
                        "a fraction in a field nobody reads",
                        1,
                        Records.tamper(
                                record, "tally.json", t -> t.replaceFirst("\\{", "{ \"turnoutPercent\" : 67.7,"))),
                new Case(
                        "votes written with an exponent", 1, Records.tamper(record, "result.json", votes("20", "2e1"))),
                new Case(
                        "a count beyond 64 bits",
                        1,
                        Records.tamper(
                                record,
                                "tally.json",
                                t -> t.replace(
                                        "\"ballotsCounted\" : 30", "\"ballotsCounted\" : 18446744073709551646"))),
                new Case("a byte order mark", 1, Records.tamper(record, "result.json", t -> "\uFEFF" + t)),
                new Case(
                        "a lone surrogate where a hash reads a question mark",
                        1,
                        Records.tamper(Records.tamper(record, "election.json", halfAPair), "result.json", halfAPair)),
                new Case(
                        "uppercase hex",
                        1,
                        Records.tamper(
                                record,
                                "shares.json",
                                t -> Pattern.compile("\"share\" : \"([0-9a-f]{66})\"")
                                        .matcher(t)
                                        .replaceFirst(m ->
                                                "\"share\" : \"" + m.group(1).toUpperCase(Locale.ROOT) + "\""))),
                new Case(
                        "a file more in the zip",
                        1,
                        Records.rewrite(
                                record,
                                entries -> Stream.concat(
                                                entries.stream(),
                                                Stream.of(new Records.Entry("certificate.txt", "Certified")))
                                        .toList())),
                new Case(
                        "two files of one name, the first altered",
                        1,
                        Records.rewrite(
                                record,
                                entries -> Stream.concat(
                                                Stream.of(new Records.Entry(
                                                        "result.json",
                                                        votes("20", "21").apply(entry(record, "result.json")))),
                                                entries.stream())
                                        .toList())),
                new Case(
                        "ballot lines ending in CR LF",
                        1,
                        Records.tamper(record, "ballots.txt", t -> t.replace("\n", "\r\n"))),
                new Case("no line feed after the last line", 1, Records.tamper(record, "ballots.txt", String::strip)),
                new Case("a ballot in base64url with padding", 1, changeLine(record, 2, l -> l + "==")),
                new Case(
                        "a ballot in base64url with spare bits set",
                        1,
                        changeLine(record, 2, Records::withASpareBitSet)),
                new Case("a trustee listed twice", 1, trusteeListedTwice()),
                new Case("a share from a key that is no trustee's", 1, Records.tamper(record, "shares.json", t -> {
                    var shares = RecordJson.read(t.getBytes(StandardCharsets.UTF_8), "shares");
                    ((ArrayNode) shares.get("shares")).add(strangersShare);
                    return new String(RecordJson.write(shares), StandardCharsets.UTF_8);
                })),
                new Case("two options of one name", 1, withOptions("Yes", "Yes")),
                new Case("an option without a name", 1, withOptions("Yes", "")),
                new Case(
                        "another format",
                        1,
                        Records.tamper(record, "tally.json", t -> t.replace("encrypted-tally/1", "encrypted-tally/2"))),
                new Case(
                        "trusteeCount not the number of trustees",
                        1,
                        Records.tamper(
                                record,
                                "election.json",
                                t -> t.replace("\"trusteeCount\" : 2", "\"trusteeCount\" : 3"))),
                new Case(
                        "a spoilt paper listed without its reason",
                        1,
                        Records.tamper(record, "tally.json", t -> t.replaceFirst(",\\s*\"reason\" : \"[^\"]*\"", ""))),
                new Case("a record of no ballots", 0, recordOf(election, trustees, List.of())),
                new Case("the record stored rather than deflated", 0, Records.stored(record)),
                new Case("a byte of a stored entry changed, its CRC-32 not", 1, Records.damaged(record, "result.json")),
                new Case(
                        "result.json a byte shorter than the zip gives it, its CRC-32 right",
                        1,
                        Records.sizeOverstated(record, "result.json")),
                new Case(
                        "ballots.txt a byte shorter than the zip gives it, its CRC-32 right",
                        1,
                        Records.sizeOverstated(record, "ballots.txt")),
                new Case(
                        "a local header naming another file than the central directory",
                        1,
                        Records.localNameChanged(record, "result.json")),
                new Case(
                        "a line longer than any ballot's, its tracker right",
                        1,
                        changeLine(record, 4, l -> line(new byte[EncryptedBallot.encodedLength(1000) + 1]))),
                new Case(
                        "a field nobody reads nested 501 deep",
                        1,
                        Records.tamper(
                                record,
                                "tally.json",
                                t -> t.replaceFirst(
                                        "\\{", "{ \"notes\" : " + "[".repeat(500) + "]".repeat(500) + ","))),
                new Case(
                        "a field nobody reads nested 500 deep",
                        0,
                        Records.tamper(
                                record,
                                "tally.json",
                                t -> t.replaceFirst(
                                        "\\{", "{ \"notes\" : " + "[".repeat(499) + "]".repeat(499) + ","))),
                new Case(
                        "a field name longer than 50,000 characters",
                        1,
                        Records.tamper(
                                record,
                                "tally.json",
                                t -> t.replaceFirst("\\{", "{ \"" + "n".repeat(50_001) + "\" : 1,"))));
    }

    /**
     * Nothing binds the spoilt papers or the order of the lines: a spoilt paper removed, with tally.json and
     * result.json made to match, and two counted ballots swapped, verify; so do tally.json's unread fields.
     */
    private List<Case> whatTheRecordDoesNotBind(Path record) throws Exception {
        Path spoiltRemoved = Records.tamper(
                Records.tamper(
                        changeLine(record, 5, l -> null),
                        "tally.json",
                        t -> t.replaceFirst("(?s)\\{\\s*\"position\" : 6,.*?},\\s*", "")
                                .replace("\"position\" : 32", "\"position\" : 31")),
                "result.json",
                t -> t.replace("\"ballotsSpoilt\" : 2", "\"ballotsSpoilt\" : 1"));
        Path swapped = Records.tamper(record, "ballots.txt", t -> {
            List<String> lines = new ArrayList<>(t.lines().toList());
            lines.add(0, lines.remove(1));
            return lines.stream().collect(Collectors.joining("\n", "", "\n"));
        });
        return List.of(
                new Case("a spoilt paper removed and the tally and result made to match", 0, spoiltRemoved),
                new Case("two counted ballots swapped", 0, swapped),
                new Case(
                        "tally.json naming another election",
                        0,
                        Records.tamper(record, "tally.json", t -> t.replace("2024-gp-collective-action", "another"))));
    }

    private Path trusteeListedTwice() throws IOException {
        TrusteeKey once = trustees.get(0);
        Election twice = new Election(
                election.electionId(),
                election.question(),
                election.options(),
                List.of(once.publicKey(), once.publicKey()));
        return recordOf(twice, List.of(once, TrusteeKey.generate(random)), sixBallots(twice));
    }

    private Path withOptions(String... options) throws IOException {
        Election unclear = new Election(
                election.electionId(),
                election.question(),
                List.of(options),
                trustees.stream().map(TrusteeKey::publicKey).toList());
        return recordOf(unclear, trustees, sixBallots(unclear));
    }

    private List<byte[]> sixBallots(Election e) {
        List<byte[]> papers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            papers.add(e.encrypt(i % 2, random).encode());
        }
        return papers;
    }

    private Path recordOf(Election e, List<TrusteeKey> keys, List<byte[]> papers) throws IOException {
        Path record = Files.createTempFile(dir, "own", ".zip");
        Records.write(record, e, keys, papers, random);
        return record;
    }

    private static void requirePython() {
        try {
            Process p = new ProcessBuilder("python3", "--version")
                    .redirectErrorStream(true)
                    .start();
            assertThat(p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0)
                    .as("python3 --version")
                    .isTrue();
        } catch (IOException | InterruptedException e) {
            fail("python3 is needed to run " + SCRIPT + ", the second verifier this test compares with: install"
                    + " Python 3.11 or later (apt-get install python3) so that python3 is on the PATH (" + e + ")");
        }
        assertThat(SCRIPT)
                .as("the second verifier, run from the project's directory")
                .isRegularFile();
    }

    private static String python(List<String> arguments) throws Exception {
        return run(Stream.concat(Stream.of("python3", SCRIPT.toString()), arguments.stream())
                .toList());
    }

    /**
     * The Python verifier with its address space capped at {@code bytes}. The wrapper proves the cap holds before the
     * verifier runs: it asks for {@code bytes} at once and must be refused, and says so ("capped N"); a system that
     * will not cap it (setrlimit refused, or the allocation granted) runs nothing, and on Linux, where the cap is
     * always possible, that fails the test, for a test of memory that ran uncapped would pass whatever the verifier
     * took.
     */
    private static String pythonWithin(long bytes, List<String> arguments) throws Exception {
        String capped = """
                import resource, runpy, sys
                try:
                    resource.setrlimit(resource.RLIMIT_AS, (%d, %d))
                    bytearray(%d)
                    print("not capped: bytearray(%d) was granted", flush=True)
                    sys.exit(3)
                except (ValueError, OSError) as e:
                    print("not capped: setrlimit refused (%%s)" %% e, flush=True)
                    sys.exit(3)
                except MemoryError:
                    print("capped %d", flush=True)
                sys.argv = sys.argv[1:]
                runpy.run_path(sys.argv[0], run_name="__main__")
                """.formatted(bytes, bytes, bytes, bytes, bytes);
        String out = run(Stream.concat(Stream.of("python3", "-c", capped, SCRIPT.toString()), arguments.stream())
                .toList());
        boolean held = out.contains("\ncapped " + bytes + "\n");
        if (!held && System.getProperty("os.name").startsWith("Linux")) {
            fail("the Python verifier's memory could not be capped at %d bytes, so this test would prove nothing:%n%s"
                    .formatted(bytes, out));
        }
        assumeTrue(held, () -> "this system would not cap Python's memory at " + bytes + " bytes:\n" + out);
        return out;
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return "exit " + p.exitValue() + "\n" + out;
    }

    private static int exit(String output) {
        return Integer.parseInt(output.substring(5, output.indexOf('\n')));
    }

    /**
     * Counted, spoilt, and the first 20 spoilt positions (all the Java verifier lists), as a verifier printed them;
     * empty if it did not.
     */
    private static Optional<List<String>> counts(Pattern line, Pattern position, String output) {
        Matcher m = line.matcher(output);
        if (!m.find()) {
            return Optional.empty();
        }
        List<String> positions = position.matcher(m.group(3))
                .results()
                .map(r -> r.group(1))
                .limit(20)
                .toList();
        return Optional.of(List.of(m.group(1), m.group(2), String.join(",", positions)));
    }

    private static Optional<String> found(Pattern pattern, String output) {
        Matcher m = pattern.matcher(output);
        return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
    }

    private static String entry(Path record, String name) {
        try {
            return Records.entry(record, name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String grouped(byte[] ballot) {
        return Tracker.grouped(Hashes.sha256(ballot));
    }

    private static String line(byte[] ballot) {
        return new String(RecordWriter.line(ballot), StandardCharsets.US_ASCII).strip();
    }

    private static UnaryOperator<String> votes(String from, String to) {
        return t -> t.replaceFirst("\"votes\" : " + from, "\"votes\" : " + to);
    }

    private static String aShare(String shares) {
        return shares.replaceFirst(
                "\"share\" : \"[0-9a-f]{66}\"",
                "\"share\" : \"" + RecordJson.point(Group.mulG(java.math.BigInteger.TEN)) + "\"");
    }

    private static String reordered(String result) {
        return RecordJson.read(result.getBytes(StandardCharsets.UTF_8), "result").properties().stream()
                .sorted((a, b) -> b.getKey().compareTo(a.getKey()))
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** The record with ballots.txt's line {@code index} (from 0) changed, or removed when the change gives null. */
    private static Path changeLine(Path record, int index, UnaryOperator<String> change) throws IOException {
        return Records.tamper(record, "ballots.txt", t -> {
            List<String> lines = new ArrayList<>(t.lines().toList());
            String changed = change.apply(lines.get(index));
            if (changed == null) {
                lines.remove(index);
            } else {
                lines.set(index, changed);
            }
            return lines.stream().collect(Collectors.joining("\n", "", "\n"));
        });
    }
}
