package org.gpaction.ballots.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ArrayNode;

class BallotRecordTests {

    @TempDir
    Path dir;

    private final FixedRandom random = new FixedRandom(5);
    private final List<TrusteeKey> trustees = Elections.trustees(2, random);
    private final Election election = Elections.yesNo(trustees);
    private final List<byte[]> ballots = new ArrayList<>();
    private Path record;

    @BeforeEach
    void writeARecord() throws Exception {
        for (int i = 0; i < 30; i++) {
            ballots.add(election.encrypt(i < 20 ? 0 : 1, random).encode());
        }
        record = dir.resolve("record.zip");
        assertThat(Records.write(record, election, trustees, ballots, random)).containsExactly(20, 10);
    }

    @Test
    void theRecordRoundTripsAndVerifies() throws Exception {
        Verifier.Report report = Verifier.verify(record);

        assertThat(report.failed()).isEmpty();
        assertThat(report.proofsChecked()).isEqualTo(30);
        assertThat(report.passed()).anyMatch(p -> p.contains("the proofs of 30 ballots checked"));
        assertThat(report.passed()).anyMatch(p -> p.contains("Yes 20, No 10"));
        String lines = Records.entry(record, "ballots.txt");
        assertThat(lines.lines().toList()).hasSize(30);
        assertThat(lines.lines().map(l -> l.split(" ")[0]).toList())
                .containsExactlyElementsOf(
                        ballots.stream().map(b -> Tracker.hex(Hashes.sha256(b))).toList());
        for (String line : lines.lines().toList()) {
            byte[] decoded = java.util.Base64.getUrlDecoder().decode(line.split(" ")[1]);
            assertThat(EncryptedBallot.decode(decoded).encode()).isEqualTo(decoded);
        }
        assertThat(Records.entry(record, "result.json"))
                .contains("\"votes\" : 20")
                .contains("\"votes\" : 10");
    }

    @Test
    void theVerifierFailsWhenOneBallotIsReplacedByAnotherValidOne() throws Exception {
        byte[] other = election.encrypt(1, random).encode();
        Path tampered = Records.tamper(
                record,
                "ballots.txt",
                text -> replaceLine(text, 4, new String(RecordWriter.line(other), StandardCharsets.US_ASCII).strip()));

        Verifier.Report report = Verifier.verify(tampered);

        assertThat(report.ok()).isFalse();
        assertThat(report.failed()).anyMatch(f -> f.contains("encrypted totals differ"));
    }

    @Test
    void theVerifierFailsWhenOneBallotsBytesAreChanged() throws Exception {
        Path tampered = Records.tamper(record, "ballots.txt", text -> {
            String[] lines = text.split("\n");
            char[] chars = lines[7].toCharArray();
            chars[100] = chars[100] == 'A' ? 'B' : 'A';
            lines[7] = new String(chars);
            return String.join("\n", lines) + "\n";
        });

        Verifier.Report report = Verifier.verify(tampered);

        assertThat(report.failed()).anyMatch(f -> f.contains("line 8: tracker"));
        assertThat(report.failed()).anyMatch(f -> f.contains("tally.json"));
    }

    @Test
    void theVerifierFailsWhenOneBallotIsRemoved() throws Exception {
        Path tampered = Records.tamper(record, "ballots.txt", text -> replaceLine(text, 12, null));

        Verifier.Report report = Verifier.verify(tampered);

        assertThat(report.failed()).anyMatch(f -> f.contains("tally.json counts 30 ballots; the ballots give 29"));
    }

    @Test
    void aBallotReplacedWithTheTallyRecomputedToMatchIsCaughtByTheDecryptionSharesProofs() throws Exception {
        List<byte[]> changed = new ArrayList<>(ballots);
        changed.set(4, election.encrypt(1, random).encode());
        Path tampered = consistentlyTampered(changed);

        Verifier.Report report = Verifier.verify(tampered);

        assertThat(report.passed())
                .contains("tally.json counts 30 ballots, as recounted")
                .contains("tally.json encrypted totals equal the sums of the counted ballots");
        assertThat(report.failed())
                .containsExactly(
                        "trustee 1's proof of correct decryption fails for options (from 1) [1, 2]",
                        "trustee 2's proof of correct decryption fails for options (from 1) [1, 2]");
    }

    @Test
    void aBallotRemovedWithTheTallyRecomputedToMatchIsCaughtByTheDecryptionSharesProofs() throws Exception {
        List<byte[]> fewer = new ArrayList<>(ballots);
        fewer.remove(12);
        Path tampered = consistentlyTampered(fewer);

        Verifier.Report report = Verifier.verify(tampered);

        assertThat(report.passed())
                .contains("tally.json counts 29 ballots, as recounted")
                .contains("tally.json encrypted totals equal the sums of the counted ballots");
        assertThat(report.failed())
                .containsExactly(
                        "trustee 1's proof of correct decryption fails for options (from 1) [1, 2]",
                        "trustee 2's proof of correct decryption fails for options (from 1) [1, 2]");
    }

    @Test
    void theVerifierFailsWhenOneShareIsAltered() throws Exception {
        String share = RecordJson.point(Group.mulG(java.math.BigInteger.TEN));
        Path tampered = Records.tamper(
                record,
                "shares.json",
                text -> text.replaceFirst("\"share\" : \"[0-9a-f]{66}\"", "\"share\" : \"" + share + "\""));

        Verifier.Report report = Verifier.verify(tampered);

        assertThat(report.failed()).anyMatch(f -> f.contains("trustee 1's proof of correct decryption fails"));
    }

    @Test
    void aShareWithAPartMoreThanThereAreOptionsFailsTheRecordSayingHowManyPartsItHas() throws Exception {
        Path tampered = Records.tamper(record, "shares.json", text -> {
            var shares = RecordJson.read(text.getBytes(StandardCharsets.UTF_8), "shares");
            ArrayNode parts = (ArrayNode) shares.get("shares").get(0).get("parts");
            var more = ((tools.jackson.databind.node.ObjectNode) parts.get(1)).deepCopy();
            more.put("option", 2);
            parts.add(more);
            return new String(RecordJson.write(shares), StandardCharsets.UTF_8);
        });

        Verifier.Report report = Verifier.verify(tampered);

        assertThat(report.failed()).containsExactly("trustee 1's decryption share has 3 parts, not 2");
    }

    @Test
    void aFormatThatIsAnObjectOrAListIsAnotherFormat_andTheRecordFailsRatherThanTheVerifier() throws Exception {
        for (String format : List.of("{}", "[]", "{ \"of\" : 1 }")) {
            Path tampered = Records.tamper(
                    record,
                    "tally.json",
                    text -> text.replaceFirst("\"format\" : \"[^\"]*\"", "\"format\" : " + format));

            Verifier.Report report = Verifier.verify(tampered);

            assertThat(report.failed())
                    .as(format)
                    .contains("tally.json unreadable: Expected format " + RecordJson.TALLY_FORMAT + ", found another");
        }
        assertThat(Records.run(
                        "verify",
                        Records.tamper(
                                        record,
                                        "shares.json",
                                        text -> text.replaceFirst("\"format\" : \"[^\"]*\"", "\"format\" : []"))
                                .toString()))
                .startsWith("exit 1")
                .contains("FAIL shares.json unreadable: Expected format")
                .contains("NOT VERIFIED");
    }

    @Test
    void theVerifierFailsWhenTheResultIsAltered() throws Exception {
        Path tampered = Records.tamper(record, "result.json", text -> text.replace("\"votes\" : 20", "\"votes\" : 21"));

        Verifier.Report report = Verifier.verify(tampered);

        assertThat(report.failed()).anyMatch(f -> f.contains("result.json differs"));
    }

    @Test
    void resultJsonWithAFieldMoreThanTheDecryptedResultFailsVerification() throws Exception {
        Path tampered = Records.tamper(
                record, "result.json", text -> text.replaceFirst("\\{", "{ \"certified\" : \"by the scrutineer\",\n"));

        Verifier.Report report = Verifier.verify(tampered);

        assertThat(Records.entry(tampered, "result.json")).contains("\"certified\" : \"by the scrutineer\"");
        assertThat(report.failed())
                .containsExactly("result.json differs from the result decrypted from the shares (Yes 20, No 10)");
    }

    @Test
    void resultJsonWithItsFieldsInAnotherOrderAndOtherWhitespaceStillVerifies() throws Exception {
        Path reordered = Records.tamper(
                record,
                "result.json",
                text -> RecordJson.read(text.getBytes(StandardCharsets.UTF_8), "result").properties().stream()
                        .sorted(Map.Entry.comparingByKey(Comparator.reverseOrder()))
                        .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                        .collect(Collectors.joining(",", "{", "}")));

        Verifier.Report report = Verifier.verify(reordered);

        assertThat(Records.entry(reordered, "result.json")).startsWith("{\"results\":");
        assertThat(report.failed()).isEmpty();
    }

    @Test
    void theVerifierFailsWhenTheQuestionIsAltered() throws Exception {
        Path tampered = Records.tamper(record, "election.json", text -> text.replace("collective action", "strike"));

        Verifier.Report report = Verifier.verify(tampered);

        assertThat(report.failed()).anyMatch(f -> f.contains("baseHash differs"));
    }

    @Test
    void theVerifierFailsWhenATrusteeIsDropped() throws Exception {
        Path tampered = Records.tamper(
                record,
                "trustees.json",
                text -> text.replaceFirst(
                        "(?s)\\{\\s*\"format\" : \"gp-action-trustee-public-key/1\".*?\\}\\s*\\},?", ""));

        assertThat(Verifier.verify(tampered).ok()).isFalse();
    }

    @Test
    void aSpoiltBallotInTheRecordIsReportedAndTheRecordStillVerifies() throws Exception {
        byte[] bad = election.encrypt(0, random).encode();
        bad[bad.length - 1] ^= 1;
        List<byte[]> withSpoilt = new ArrayList<>(ballots);
        withSpoilt.add(5, bad);
        Path second = dir.resolve("second.zip");

        long[] counts = Records.write(second, election, trustees, withSpoilt, random);
        Verifier.Report report = Verifier.verify(second);

        assertThat(counts).containsExactly(20, 10);
        assertThat(report.failed()).isEmpty();
        assertThat(report.passed()).anyMatch(p -> p.contains("1 spoilt: #6"));
        assertThat(Records.entry(second, "tally.json")).contains("\"position\" : 6");
    }

    @Test
    void theVerifierFindsAVotersTracker() throws Exception {
        String tracker = Tracker.grouped(Hashes.sha256(ballots.get(3)));

        assertThat(Verifier.contains(record, Tracker.parse(tracker))).isTrue();
        assertThat(Verifier.contains(record, Hashes.sha256(new byte[] {1}))).isFalse();
        assertThat(Records.run("verify", record.toString(), "--tracker", tracker))
                .startsWith("exit 0")
                .contains("FOUND   tracker " + tracker)
                .contains("VERIFIED");
    }

    @Test
    void aFieldGivenTwiceInOneObjectFailsTheRecordWhicheverCopyAReaderWouldTake() throws Exception {
        Path tampered = Records.tamper(
                record, "result.json", text -> text.replace("\"votes\" : 20", "\"votes\" : 21, \"votes\" : 20"));

        Verifier.Report report = Verifier.verify(tampered);

        assertThat(report.failed())
                .containsExactly(
                        "result.json unreadable: result.json is not JSON: Duplicate Object property \"votes\"");
    }

    @Test
    void aNumberWithAFractionFailsTheRecordEvenInAFieldNobodyReads() throws Exception {
        Path tampered =
                Records.tamper(record, "tally.json", text -> text.replaceFirst("\\{", "{ \"turnoutPercent\" : 67.7,"));

        Verifier.Report report = Verifier.verify(tampered);

        assertThat(report.failed())
                .containsExactly("tally.json unreadable: tally.json has a number that is not a whole number of 64 bits:"
                        + " 67.7");
    }

    @Test
    void aNumberBeyond64BitsFailsTheRecordRatherThanTheVerifier() throws Exception {
        Path tampered = Records.tamper(
                record,
                "tally.json",
                text -> text.replace("\"ballotsCounted\" : 30", "\"ballotsCounted\" : 18446744073709551646"));

        Verifier.Report report = Verifier.verify(tampered);

        assertThat(report.failed()).anyMatch(f -> f.startsWith("tally.json unreadable"));
    }

    @Test
    void aLocalHeaderNamingAnotherFileThanTheCentralDirectoryFailsTheRecord() throws Exception {
        Path renamed = Records.localNameChanged(record, "ballots.txt");

        Verifier.Report report = Verifier.verify(renamed);

        assertThat(report.failed())
                .containsExactly("record.zip's local headers do not name these files as its central directory does: "
                        + "ballots.txt");
        assertThat(Verifier.verify(Records.stored(record)).passed())
                .contains("every file's local header in record.zip names it as the central directory does");
    }

    @Test
    void aJsonFileThatStartsWithAByteOrderMarkFailsTheRecord() throws Exception {
        Path tampered = Records.tamper(record, "result.json", text -> "\uFEFF" + text);

        Verifier.Report report = Verifier.verify(tampered);

        assertThat(report.failed())
                .containsExactly("result.json unreadable: result.json starts with a byte order mark");
    }

    @Test
    void aQuestionWithALoneSurrogateFailsTheRecordThoughJavaWouldHashItAsAQuestionMark() throws Exception {
        UnaryOperator<String> halfAPair = text -> text.replace("collective action?", "collective action\\ud800");
        Path tampered = Records.tamper(Records.tamper(record, "election.json", halfAPair), "result.json", halfAPair);

        Verifier.Report report = Verifier.verify(tampered);

        assertThat(report.failed())
                .containsExactly("election.json/trustees.json unreadable: election.json has a text with a lone"
                        + " surrogate, which is not Unicode");
    }

    @Test
    void uppercaseHexFailsTheRecord() throws Exception {
        Path tampered = Records.tamper(
                record,
                "shares.json",
                text -> Pattern.compile("\"share\" : \"([0-9a-f]{66})\"")
                        .matcher(text)
                        .replaceFirst(m -> "\"share\" : \"" + m.group(1).toUpperCase(Locale.ROOT) + "\""));

        Verifier.Report report = Verifier.verify(tampered);

        assertThat(report.failed()).containsExactly("shares.json unreadable: \"share\" is not lowercase hex");
    }

    @Test
    void aRecordWithAFileMoreFailsVerification() throws Exception {
        Path tampered = Records.rewrite(record, entries -> {
            List<Records.Entry> more = new ArrayList<>(entries);
            more.add(new Records.Entry("certificate.txt", "Certified by the scrutineer"));
            return more;
        });

        Verifier.Report report = Verifier.verify(tampered);

        assertThat(report.failed())
                .containsExactly("record.zip must hold election.json, trustees.json, ballots.txt, tally.json,"
                        + " shares.json, result.json, each once, and nothing else: certificate.txt is no file of a"
                        + " record");
    }

    @Test
    void aRecordWithTwoFilesOfOneNameFailsVerificationWhicheverAReaderWouldTake() throws Exception {
        String other = Records.entry(record, "result.json").replace("\"votes\" : 20", "\"votes\" : 21");
        Path tampered = Records.rewrite(record, entries -> {
            List<Records.Entry> twice = new ArrayList<>();
            twice.add(new Records.Entry("result.json", other));
            twice.addAll(entries);
            return twice;
        });

        Verifier.Report report = Verifier.verify(tampered);

        assertThat(report.failed())
                .containsExactly("record.zip must hold election.json, trustees.json, ballots.txt, tally.json,"
                        + " shares.json, result.json, each once, and nothing else: result.json is there 2 times");
    }

    @Test
    void ballotLinesEndingInACarriageReturnFailTheRecord() throws Exception {
        Path tampered = Records.tamper(record, "ballots.txt", text -> text.replace("\n", "\r\n"));

        Verifier.Report report = Verifier.verify(tampered);

        assertThat(report.failed())
                .anyMatch(f -> f.startsWith("30 ballot lines are wrong: ballots.txt line 1 is not a tracker in"
                        + " lowercase hex, a space and a ballot in base64url"));
    }

    @Test
    void aLastBallotLineWithoutItsLineFeedFailsTheRecord() throws Exception {
        Path tampered = Records.tamper(record, "ballots.txt", String::strip);

        Verifier.Report report = Verifier.verify(tampered);

        assertThat(report.failed())
                .containsExactly("1 ballot line is wrong: ballots.txt line 30 does not end with a line feed");
    }

    @Test
    void aBallotInBase64urlWithPaddingOrWithItsSpareBitsSetFailsTheRecord() throws Exception {
        Path padded = Records.tamper(record, "ballots.txt", text -> replaceLine(text, 2, line(text, 2) + "=="));
        Path spareBits = Records.tamper(
                record, "ballots.txt", text -> replaceLine(text, 2, Records.withASpareBitSet(line(text, 2))));

        // Such a line holds no ballot (docs/ballot-record.md section 6), so the ballots give one fewer than tally.json,
        // and verify --tracker finds that voter's ballot on no line.
        byte[] tracker = java.util.HexFormat.of()
                .parseHex(Records.entry(record, "ballots.txt")
                        .lines()
                        .toList()
                        .get(2)
                        .substring(0, 64));
        assertThat(Verifier.lines(record, tracker)).containsExactly(3L);
        for (Path tampered : List.of(padded, spareBits)) {
            assertThat(Verifier.lines(tampered, tracker)).isEmpty();
            assertThat(Verifier.verify(tampered).failed())
                    .startsWith(
                            "1 ballot line is wrong: ballots.txt line 3: the ballot is not in base64url as"
                                    + " written without padding (no =, spare bits 0)",
                            "tally.json counts 30 ballots; the ballots give 29");
        }
    }

    @Test
    void aTrusteeListedTwiceFailsTheRecordThoughTheirShareWouldStandForBothBesideAStrangers() throws Exception {
        TrusteeKey once = trustees.get(0);
        Election twice = new Election(
                election.electionId(),
                election.question(),
                election.options(),
                List.of(once.publicKey(), once.publicKey()));
        Path second = dir.resolve("twice.zip");
        // Each listing finds the one share, which the joint key 2·K_1 decrypts with; a stranger's makes up the number.
        Records.write(second, twice, List.of(once, TrusteeKey.generate(random)), encrypt(twice), random);

        Verifier.Report report = Verifier.verify(second);

        assertThat(report.failed())
                .containsExactly(
                        "election.json/trustees.json unreadable: Trustee 2's public key is an earlier trustee's");
    }

    @Test
    void aShareFromAKeyThatIsNoTrusteesFailsTheRecordByName() throws Exception {
        TrusteeKey stranger = TrusteeKey.generate(random);
        EncryptedTally tally = Tally.count(election, ballots.iterator(), true);
        var share = DecryptionShareJson.share(
                election.extendedBaseHash(),
                DecryptionShare.compute(stranger, election.extendedBaseHash(), tally.totals(), random));
        Path tampered = Records.tamper(record, "shares.json", text -> {
            var shares = RecordJson.read(text.getBytes(StandardCharsets.UTF_8), "shares");
            ((ArrayNode) shares.get("shares")).add(share);
            return new String(RecordJson.write(shares), StandardCharsets.UTF_8);
        });

        Verifier.Report report = Verifier.verify(tampered);

        assertThat(report.failed()).contains("share 3 is from a key that is no trustee's in trustees.json");
    }

    @Test
    void twoOptionsOfOneNameOrAnOptionWithoutANameFailTheRecord() throws Exception {
        for (List<String> options : List.of(List.of("Yes", "Yes"), List.of("Yes", ""))) {
            Election unclear = new Election(
                    election.electionId(),
                    election.question(),
                    options,
                    trustees.stream().map(TrusteeKey::publicKey).toList());
            Path second = dir.resolve("options.zip");
            Records.write(second, unclear, trustees, encrypt(unclear), random);

            assertThat(Verifier.verify(second).failed())
                    .as("%s", options)
                    .containsExactly("election.json/trustees.json unreadable: Option 2 is empty or has the name of an"
                            + " earlier option");
        }
    }

    @Test
    void aVotersTrackerFoundOnlyOnASpoiltPaperIsNotVerified() throws Exception {
        byte[] bad = election.encrypt(0, random).encode();
        bad[bad.length - 1] ^= 1;
        List<byte[]> withSpoilt = new ArrayList<>(ballots);
        withSpoilt.add(5, bad);
        Path second = dir.resolve("second.zip");
        Records.write(second, election, trustees, withSpoilt, random);
        String tracker = Tracker.grouped(Hashes.sha256(bad));

        assertThat(Records.run("verify", second.toString(), "--tracker", tracker))
                .startsWith("exit 1")
                .contains("SPOILT  tracker " + tracker + ": in the record but not counted (line 6: ")
                .contains("NOT VERIFIED");
    }

    @Test
    void aRecordMadeWithFreshKeysFailsAgainstTheJointKeyAnnouncedNamingBothKeys() throws Exception {
        String announced = RecordJson.point(election.jointKey());
        List<TrusteeKey> fresh = Elections.trustees(2, random);
        Election remade = new Election(
                election.electionId(),
                election.question(),
                election.options(),
                fresh.stream().map(TrusteeKey::publicKey).toList());
        List<byte[]> sameCounts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            sameCounts.add(remade.encrypt(i < 20 ? 0 : 1, random).encode());
        }
        Path remadeRecord = dir.resolve("remade.zip");
        assertThat(Records.write(remadeRecord, remade, fresh, sameCounts, random))
                .containsExactly(20, 10);
        String remadeKey = RecordJson.point(remade.jointKey());

        assertThat(Records.run("verify", remadeRecord.toString()))
                .startsWith("exit 0")
                .contains("Joint key: " + remadeKey + "\n");
        assertThat(Records.run("verify", remadeRecord.toString(), "--joint-key", announced))
                .startsWith("exit 1")
                .contains("FAIL the record's joint key is " + remadeKey + ", not " + announced
                        + ", the one given with --joint-key: its ballots were encrypted to another key than the one"
                        + " given\n")
                .contains("NOT VERIFIED");
    }

    @Test
    void theRealRecordVerifiesAgainstTheJointKeyAnnouncedAndPrintsItAndEveryTrusteesKey() throws Exception {
        String announced = RecordJson.point(election.jointKey());

        assertThat(Records.run("verify", record.toString(), "--joint-key", announced.toUpperCase(Locale.ROOT)))
                .startsWith("exit 0")
                .contains("PASS the record's joint key is " + announced + ", the one given with --joint-key\n")
                .contains("Joint key: " + announced + "\n")
                .contains("Trustee 1's public key: "
                        + RecordJson.point(trustees.get(0).publicKey().key()) + "\n")
                .contains("Trustee 2's public key: "
                        + RecordJson.point(trustees.get(1).publicKey().key()) + "\n")
                .contains("VERIFIED");
        assertThat(Records.run("verify", record.toString(), "--joint-key", "02ab"))
                .startsWith("exit 2")
                .contains("--joint-key must be")
                .doesNotContain("PASS");
        // 66 hex digits of the right shape, but x is beyond the field: a mistyped key is refused, never compared.
        assertThat(Records.run("verify", record.toString(), "--joint-key", "02" + "ff".repeat(32)))
                .startsWith("exit 2")
                .contains("--joint-key must be the ballot's joint key as its pages give it, 66 hexadecimal digits"
                        + " that are a point of P-256")
                .doesNotContain("PASS");
    }

    @Test
    void aJsonFileOfGigabytesFailsTheRecordNamingItRatherThanFillingTheMemory() throws Exception {
        Path hostile = dir.resolve("hostile.zip");
        byte[] spaces = new byte[1 << 20];
        Arrays.fill(spaces, (byte) ' ');
        try (ZipFile zip = new ZipFile(record.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(hostile))) {
            out.setLevel(Deflater.BEST_SPEED);
            for (ZipEntry entry : Collections.list(zip.entries())) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream in = zip.getInputStream(entry)) {
                    in.transferTo(out);
                }
                if (entry.getName().equals("tally.json")) {
                    // 3 GiB of white space after the tally: still one JSON value, larger than any array can hold.
                    for (int i = 0; i < 3 * 1024; i++) {
                        out.write(spaces);
                    }
                }
                out.closeEntry();
            }
        }

        assertThat(Records.run("verify", hostile.toString()))
                .startsWith("exit 1")
                .contains("FAIL tally.json unreadable: tally.json is larger than 67,108,864 bytes")
                .contains("NOT VERIFIED");
    }

    @Test
    void aJsonFileIsReadNoFurtherThanOneByteBeyondTheLimitOnAJsonFile() {
        long[] taken = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0];
            }

            @Override
            public int read(byte[] bytes, int offset, int length) {
                // Never ends; a reader that keeps going past the limit is stopped here rather than filling the memory.
                if (taken[0] > 2L * RecordChecks.LARGEST_JSON) {
                    throw new AssertionError("read " + taken[0] + " bytes of an endless tally.json");
                }
                Arrays.fill(bytes, offset, offset + length, (byte) ' ');
                taken[0] += length;
                return length;
            }
        };

        assertThatThrownBy(() -> RecordChecks.json(endless, "tally.json"))
                .isInstanceOf(CryptoFormatException.class)
                .hasMessage("tally.json is larger than 67,108,864 bytes, the most a JSON file of a record may have");
        assertThat(taken[0]).isEqualTo(RecordChecks.LARGEST_JSON + 1L);
    }

    @Test
    void ballotLinesKeepTheFirstTwentyProblemsAndCountTheRest() {
        BallotLines lines =
                new BallotLines(new ByteArrayInputStream("\n".repeat(100_000).getBytes(StandardCharsets.US_ASCII)));
        while (lines.hasNext()) {
            assertThat(lines.next()).isNull();
        }

        assertThat(lines.problems())
                .hasSize(20)
                .startsWith("line 1 is not a tracker in lowercase hex, a space and a ballot in base64url")
                .endsWith("line 20 is not a tracker in lowercase hex, a space and a ballot in base64url");
        assertThat(lines.problemCount()).isEqualTo(100_000);
    }

    @Test
    void aBallotsTxtOfManyWrongLinesFailsTheRecordNamingTheFirstTwentyAndHowManyMore() throws Exception {
        Path tampered = Records.tamper(record, "ballots.txt", text -> text + "\n".repeat(100_000));

        String verified = Records.run("verify", tampered.toString());

        assertThat(verified)
                .startsWith("exit 1")
                .contains("FAIL 100000 ballot lines are wrong: ballots.txt line 31 is not a tracker in lowercase hex,")
                .contains("; ballots.txt line 50 is not a tracker in lowercase hex, a space and a ballot in base64url;"
                        + " and 99980 more\n")
                .doesNotContain("ballots.txt line 51 ")
                .contains("NOT VERIFIED");
    }

    @Test
    void theJointKeyOfSeveralTrusteesIsTheSumOfTheirKeysAsTheElectionHasIt() {
        List<TrusteeKey> three = Elections.trustees(3, random);
        Election ofThree = Elections.yesNo(three);
        List<String> keys =
                three.stream().map(t -> RecordJson.point(t.publicKey().key())).toList();

        assertThat(RecordJson.jointKey(keys))
                .isEqualTo(RecordJson.point(ofThree.jointKey()))
                .isNotIn(keys);
        assertThat(RecordJson.jointKey(List.of(keys.get(2), keys.get(0), keys.get(1))))
                .isEqualTo(RecordJson.point(ofThree.jointKey()));
    }

    @Test
    void tallyJsonOf200000PapersAllSpoiltIsWithinTheLimitOnAJsonFile() {
        String reason = "a reason of a hundred characters, longer than any the count gives "
                .repeat(2)
                .substring(0, 100);
        List<EncryptedTally.Spoilt> spoilt = new ArrayList<>();
        for (int position = 1; position <= 200_000; position++) {
            spoilt.add(new EncryptedTally.Spoilt(position, "ab".repeat(32), reason));
        }
        EncryptedTally tally = new EncryptedTally(List.of(Ciphertext.ZERO, Ciphertext.ZERO), 0, spoilt);

        int size = RecordJson.write(TallyJson.tally(election, tally)).length;

        assertThat(size).isBetween(46_000_000, 47_500_000).isLessThan(RecordChecks.LARGEST_JSON);
    }

    @Test
    void aMisusedVerifyIsAnsweredBeforeAnythingIsChecked() {
        assertThat(Records.run("verify", dir.resolve("no-such.zip").toString()))
                .startsWith("exit 2")
                .contains("there is no file");
        assertThat(Records.run("verify", record.toString(), "--tracker"))
                .startsWith("exit 2")
                .doesNotContain("PASS");
        assertThat(Records.run("verify", record.toString(), "--tracker", "RQ7L-4TZF"))
                .startsWith("exit 2")
                .doesNotContain("PASS");
        assertThat(Records.run("verify", record.toString(), "--quick")).startsWith("exit 2");
    }

    private List<byte[]> encrypt(Election e) {
        List<byte[]> papers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            papers.add(e.encrypt(i % 2, random).encode());
        }
        return papers;
    }

    private static String line(String text, int index) {
        return text.split("\n")[index];
    }

    /** The record with these ballots instead, and tally.json recounted from them; shares and result left as they were. */
    private Path consistentlyTampered(List<byte[]> changed) throws Exception {
        EncryptedTally recounted = Tally.count(election, changed.iterator(), true);
        StringBuilder lines = new StringBuilder();
        changed.forEach(b -> lines.append(new String(RecordWriter.line(b), StandardCharsets.US_ASCII)));
        Path withBallots = Records.tamper(record, "ballots.txt", text -> lines.toString());
        return Records.tamper(
                withBallots,
                "tally.json",
                text -> new String(RecordJson.write(TallyJson.tally(election, recounted)), StandardCharsets.UTF_8));
    }

    private static String replaceLine(String text, int index, String replacement) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n")));
        if (replacement == null) {
            lines.remove(index);
        } else {
            lines.set(index, replacement);
        }
        return lines.stream().collect(Collectors.joining("\n", "", "\n"));
    }
}
