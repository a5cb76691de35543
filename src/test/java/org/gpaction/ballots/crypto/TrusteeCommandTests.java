package org.gpaction.ballots.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrusteeCommandTests {

    @TempDir
    Path dir;

    private final FixedRandom random = new FixedRandom(6);

    @Test
    void keygenWritesAPrivateKeyOnlyItsOwnerCanReadAndAPublicKeyWithAValidProof() throws Exception {
        Path out = dir.resolve("scrutineer");

        assertThat(Records.run("trustee", "keygen", "--out", out.toString())).startsWith("exit 0");

        Path secret = out.resolve("trustee-private.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
                .isEqualTo("rw-------");
        TrusteeKey.PublicKey pub = TrusteeKeyJson.publicKey(
                RecordJson.read(Files.readAllBytes(out.resolve("trustee-public.json")), "pub"));
        assertThat(pub.verify()).isTrue();
        assertThat(Files.readString(out.resolve("trustee-public.json"))).doesNotContain("secret");
        TrusteeKey key = TrusteeKeyJson.privateKey(RecordJson.read(Files.readAllBytes(secret), "key"), random);
        assertThat(key.publicKey().key()).isEqualTo(pub.key());
        assertThat(Records.run("trustee", "keygen", "--out", out.toString()))
                .startsWith("exit 2")
                .contains("not overwriting");
    }

    @Test
    void twoTrusteesKeysDecryptionSharesAndTheVerifierWorkEndToEndThroughTheCommands() throws Exception {
        List<Path> keyDirs = List.of(dir.resolve("t1"), dir.resolve("t2"));
        List<TrusteeKey.PublicKey> publicKeys = new ArrayList<>();
        for (Path d : keyDirs) {
            assertThat(Records.run("trustee", "keygen", "--out", d.toString())).startsWith("exit 0");
            publicKeys.add(TrusteeKeyJson.publicKey(
                    RecordJson.read(Files.readAllBytes(d.resolve("trustee-public.json")), "pub")));
        }
        Election election = new Election("ballot-7", "Take action?", List.of("Yes", "No"), publicKeys);
        List<byte[]> ballots = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ballots.add(election.encrypt(i % 4 == 0 ? 1 : 0, random).encode());
        }
        EncryptedTally tally = Tally.count(election, ballots.iterator(), true);
        Path beforeDecryption = dir.resolve("before.zip");
        try (OutputStream out = Files.newOutputStream(beforeDecryption);
                RecordWriter w = new RecordWriter(out, election)) {
            ballots.forEach(w::ballot);
            w.finishBeforeDecryption(tally);
        }
        String first = Records.run(
                "trustee",
                "decrypt",
                "--key",
                keyDirs.get(0).resolve("trustee-private.json").toString(),
                "--expect-ballots",
                "12",
                "--record",
                beforeDecryption.toString(),
                "--out",
                dir.resolve("share1.json").toString());
        String second = Records.run(
                "trustee",
                "decrypt",
                "--key",
                keyDirs.get(1).resolve("trustee-private.json").toString(),
                "--expect-ballots",
                "12",
                "--record",
                beforeDecryption.toString(),
                "--out",
                dir.resolve("share2.json").toString());
        assertThat(first)
                .startsWith("exit 0")
                .contains("PASS tally.json encrypted totals equal")
                .contains("The totals to decrypt are the sums of 12 ballots, as you expect.");
        assertThat(second)
                .startsWith("exit 0")
                .contains("The totals to decrypt are the sums of 12 ballots, as you expect.");

        List<DecryptionShare> shares = new ArrayList<>();
        for (String name : List.of("share1.json", "share2.json")) {
            shares.add(DecryptionShareJson.share(RecordJson.read(Files.readAllBytes(dir.resolve(name)), name)));
        }
        long[] counts = DecryptionShare.combine(election, tally.totals(), shares, tally.counted());
        assertThat(counts).containsExactly(9, 3);
        Path record = dir.resolve("record.zip");
        try (OutputStream out = Files.newOutputStream(record);
                RecordWriter w = new RecordWriter(out, election)) {
            ballots.forEach(w::ballot);
            w.finish(tally, shares, counts);
        }

        assertThat(Records.run("verify", record.toString()))
                .startsWith("exit 0")
                .contains("PASS result.json equals the result decrypted from the shares: Yes 9, No 3")
                .contains("VERIFIED: ");
        Path tampered = Records.tamper(record, "result.json", t -> t.replace("\"votes\" : 3", "\"votes\" : 4"));
        assertThat(Records.run("verify", tampered.toString()))
                .startsWith("exit 1")
                .contains("FAIL result.json differs")
                .contains("NOT VERIFIED");
    }

    @Test
    void aTrusteeRefusesToDecryptARecordWhoseTallyIsNotTheSumOfItsBallots() throws Exception {
        TrusteeKey key = TrusteeKey.generate(random);
        Path keyFile = dir.resolve("key.json");
        Files.write(keyFile, RecordJson.write(TrusteeKeyJson.privateKey(key)));
        Election election = Elections.yesNo(List.of(key));
        List<byte[]> ballots = List.of(
                election.encrypt(0, random).encode(),
                election.encrypt(1, random).encode());
        EncryptedTally justOne = Tally.count(election, ballots.subList(0, 1).iterator(), true);
        Path before = dir.resolve("before.zip");
        try (OutputStream out = Files.newOutputStream(before);
                RecordWriter w = new RecordWriter(out, election)) {
            ballots.forEach(w::ballot);
            w.finishBeforeDecryption(justOne);
        }

        assertThat(Records.run(
                        "trustee",
                        "decrypt",
                        "--key",
                        keyFile.toString(),
                        "--expect-ballots",
                        "2",
                        "--record",
                        before.toString(),
                        "--out",
                        dir.resolve("share.json").toString()))
                .startsWith("exit 1")
                .contains("Not decrypting");
        assertThat(dir.resolve("share.json")).doesNotExist();
    }

    @Test
    void aTrusteeRefusesTotalsOfOneRealBallotAmongBallotsTheServerMadeItself() throws Exception {
        TrusteeKey key = TrusteeKey.generate(random);
        Election election = Elections.yesNo(List.of(key));
        List<byte[]> target = List.of(election.encrypt(1, random).encode());
        List<byte[]> madeByTheServer = List.of(
                election.encrypt(0, random).encode(),
                election.encrypt(0, random).encode(),
                election.encrypt(0, random).encode());
        List<byte[]> ballots = new ArrayList<>(target);
        ballots.addAll(madeByTheServer);
        Path record = recordBeforeDecryption(election, ballots);
        Path share = dir.resolve("share.json");

        String refused = decrypt(key, "10", record, share);

        assertThat(refused)
                .startsWith("exit 1")
                .contains("PASS every trustee's proof of possession holds")
                .contains("Not decrypting: the totals are the sums of 4 ballots, but you expect 10.")
                .contains("Check your number with whoever announced the turnout")
                .contains("Nothing was written.");
        assertThat(share).doesNotExist();
    }

    @Test
    void aTrusteeRefusesARecordWithMoreBallotsThanTheyExpectAndDecryptsOneWithExactlyAsMany() throws Exception {
        TrusteeKey key = TrusteeKey.generate(random);
        Election election = Elections.yesNo(List.of(key));
        List<byte[]> ballots = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ballots.add(election.encrypt(i % 2, random).encode());
        }
        Path record = recordBeforeDecryption(election, ballots);
        Path share = dir.resolve("share.json");

        assertThat(decrypt(key, "4", record, share))
                .startsWith("exit 1")
                .contains("Not decrypting: the totals are the sums of 5 ballots, but you expect 4.");
        assertThat(share).doesNotExist();

        assertThat(decrypt(key, "5", record, share))
                .startsWith("exit 0")
                .contains("The totals to decrypt are the sums of 5 ballots, as you expect.")
                .doesNotContain("Not decrypting");
        DecryptionShare written = DecryptionShareJson.share(RecordJson.read(Files.readAllBytes(share), "share"));
        EncryptedTally tally = Tally.count(election, ballots.iterator(), true);
        assertThat(DecryptionShare.combine(election, tally.totals(), List.of(written), tally.counted()))
                .containsExactly(3, 2);
    }

    @Test
    void aRecordWithSpoiltPapersIsNotDecrypted_asOneRealBallotAmongLinesThatAreNoBallotsWouldOtherwiseBe()
            throws Exception {
        TrusteeKey key = TrusteeKey.generate(random);
        Election election = Elections.yesNo(List.of(key));
        List<byte[]> ballots = new ArrayList<>();
        ballots.add(election.encrypt(1, random).encode());
        for (int i = 0; i < 9; i++) {
            // Well-formed lines of ballots.txt whose bytes are no ballot: each only spoils a paper.
            ballots.add(new byte[] {(byte) i, 1, 2, 3});
        }
        Path record = recordBeforeDecryption(election, ballots);
        Path share = dir.resolve("share.json");

        assertThat(decrypt(key, "1", record, share))
                .as("the 1 ballot the server says was counted is not the 10 members who voted")
                .startsWith("exit 1")
                .contains("Not decrypting: the totals are the sums of 1 ballot (and 9 spoilt papers, which are not"
                        + " in the totals: 10 papers in all), but you expect 1.")
                .contains("Nothing was written.");
        assertThat(share).doesNotExist();

        assertThat(decrypt(key, "10", record, share))
                .as("as many papers as members voted, but any spoilt paper was added or changed outside voting")
                .startsWith("exit 1")
                .contains("PASS tally.json encrypted totals equal")
                .contains("Not decrypting: 9 of the 10 papers are spoilt, so the totals are the sums of 1 ballot,"
                        + " not 10.")
                .contains("Take this record to the scrutineer")
                .contains("--expect-spoilt")
                .contains("Nothing was written.");
        assertThat(share).doesNotExist();

        assertThat(decrypt(key, "10", record, share, "--expect-spoilt", "3"))
                .startsWith("exit 1")
                .contains("Not decrypting: 9 of the 10 papers are spoilt, but the scrutineer told you to expect 3.")
                .contains("Nothing was written.");
        assertThat(share).doesNotExist();
        assertThat(decrypt(key, "10", record, share, "--expect-spoilt", "many"))
                .startsWith("exit 2")
                .contains("--expect-spoilt must be the number of spoilt papers the scrutineer told you to expect,"
                        + " a whole number such as 2, not many");
        assertThat(share).doesNotExist();

        assertThat(decrypt(key, "10", record, share, "--expect-spoilt", "9"))
                .as("once the scrutineer, having looked into it, says how many to expect")
                .startsWith("exit 0")
                .contains("The totals to decrypt are the sums of 1 ballot, as you expect: 10 papers less the 9"
                        + " spoilt papers the scrutineer told you of.");
        assertThat(share).exists();
    }

    @Test
    void aKeyFileWhoseFormatIsNoTextIsMisuseSaidSo() throws Exception {
        TrusteeKey key = TrusteeKey.generate(random);
        Election election = Elections.yesNo(List.of(key));
        Path record = recordBeforeDecryption(
                election, List.of(election.encrypt(0, random).encode()));
        Path notAKey = dir.resolve("not-a-key.json");
        Files.writeString(notAKey, "{\"format\":[]}");
        Path share = dir.resolve("share.json");

        assertThat(Records.run(
                        "trustee",
                        "decrypt",
                        "--key",
                        notAKey.toString(),
                        "--expect-ballots",
                        "1",
                        "--record",
                        record.toString(),
                        "--out",
                        share.toString()))
                .startsWith("exit 2")
                .contains("Expected format " + RecordJson.PRIVATE_KEY_FORMAT + ", found another")
                .contains("usage: ");
        assertThat(share).doesNotExist();
    }

    @Test
    void anOutFileThatIsThereAlreadyIsNamedBeforeTheRecordIsChecked() throws Exception {
        TrusteeKey key = TrusteeKey.generate(random);
        Election election = Elections.yesNo(List.of(key));
        Path record = recordBeforeDecryption(
                election, List.of(election.encrypt(0, random).encode()));
        Path share = dir.resolve("share.json");
        Files.writeString(share, "an earlier share");

        assertThat(decrypt(key, "1", record, share))
                .startsWith("exit 2")
                .contains(share + " already exists: choose another --out")
                .contains("usage: ")
                .doesNotContain("PASS")
                .doesNotContain("Exception");
        assertThat(share).hasContent("an earlier share");
    }

    @Test
    void aTrusteeWhoDoesNotSayHowManyBallotsTheyExpectIsToldWhatToAdd() throws Exception {
        TrusteeKey key = TrusteeKey.generate(random);
        Election election = Elections.yesNo(List.of(key));
        Path record = recordBeforeDecryption(
                election, List.of(election.encrypt(0, random).encode()));
        Path keyFile = keyFile(key);
        Path share = dir.resolve("share.json");

        assertThat(Records.run(
                        "trustee",
                        "decrypt",
                        "--key",
                        keyFile.toString(),
                        "--record",
                        record.toString(),
                        "--out",
                        share.toString()))
                .startsWith("exit 2")
                .contains("--expect-ballots is needed: add --expect-ballots N, where N is the number of members who"
                        + " voted, the turnout as announced at the close")
                .contains("usage: ")
                .contains("trustee decrypt --key trustee-private.json --expect-ballots N");
        assertThat(share).doesNotExist();
        assertThat(decrypt(key, "one", record, share))
                .startsWith("exit 2")
                .contains("--expect-ballots must be the number of members who voted, a whole number such as 8518,"
                        + " not one");
        assertThat(decrypt(key, "-1", record, share)).startsWith("exit 2").contains("not -1");
        assertThat(share).doesNotExist();
    }

    @Test
    void aBareTallyIsRefused_evenOneThatSaysItHoldsAsManyBallotsAsExpected_forNothingRecountsIt() throws Exception {
        TrusteeKey key = TrusteeKey.generate(random);
        Election election = Elections.yesNo(List.of(key));
        // One voter's ballot, its ciphertexts labelled as the totals of the 5 ballots the trustee expects.
        List<byte[]> oneBallot = List.of(election.encrypt(1, random).encode());
        Path tallyJson = dir.resolve("tally.json");
        Files.write(
                tallyJson,
                RecordJson.write(TallyJson.tally(election, Tally.count(election, oneBallot.iterator(), true))));
        Files.writeString(
                tallyJson,
                Files.readString(tallyJson).replaceFirst("\"ballotsCounted\" : 1\\b", "\"ballotsCounted\" : 5"));
        assertThat(Files.readString(tallyJson)).contains("\"ballotsCounted\" : 5");
        Path share = dir.resolve("share.json");

        String answer = Records.run(
                "trustee",
                "decrypt",
                "--key",
                keyFile(key).toString(),
                "--expect-ballots",
                "5",
                "--tally",
                tallyJson.toString(),
                "--out",
                share.toString());

        assertThat(answer)
                .startsWith("exit 2")
                .contains("--tally is not taken: nothing can recount the ballots a tally.json says its totals are"
                        + " the sums of, and one that holds a single ballot's ciphertexts would reveal that vote."
                        + " Give --record with the record the Trustees page gives"
                        + " (ballot-ID-record-before-decryption.zip), which is verified and its totals recomputed"
                        + " before anything is decrypted")
                .doesNotContain("The totals to decrypt are");
        assertThat(share).doesNotExist();
    }

    @Test
    void aTrusteeWhoGivesNoRecordIsToldToGiveIt_andNothingIsDecrypted() throws Exception {
        TrusteeKey key = TrusteeKey.generate(random);
        Path share = dir.resolve("share.json");

        assertThat(Records.run(
                        "trustee",
                        "decrypt",
                        "--key",
                        keyFile(key).toString(),
                        "--expect-ballots",
                        "5",
                        "--out",
                        share.toString()))
                .startsWith("exit 2")
                .contains("--record is needed: give the record the Trustees page gives"
                        + " (ballot-ID-record-before-decryption.zip), which is verified and its totals recomputed"
                        + " before anything is decrypted")
                .contains("usage: ")
                .doesNotContain("The totals to decrypt are")
                .doesNotContain("Exception");
        assertThat(share).doesNotExist();
    }

    @Test
    void aMisusedCommandSaysHowToUseIt() {
        assertThat(Records.run("trustee", "sing")).startsWith("exit 2").contains("usage: trustee keygen --out DIR");
        assertThat(Records.run("verify")).startsWith("exit 2");
    }

    @Test
    void countsOfOneAreWrittenInTheSingularByTheVerifierAndTheTrusteeCommands() throws Exception {
        List<TrusteeKey> trustees = Elections.trustees(1, random);
        Election election = Elections.yesNo(trustees);
        Path record = dir.resolve("one.zip");
        Records.write(
                record, election, trustees, List.of(election.encrypt(0, random).encode()), random);

        String verified = Records.run("verify", record.toString());
        assertThat(verified)
                .startsWith("exit 0")
                .contains("PASS every trustee's proof of possession holds (1 trustee)")
                .contains("the SHA-256 of the ballot (1 ballot)")
                .contains("PASS recounted 1 ballot whose proofs hold, the proofs of 1 ballot checked; 0 spoilt")
                .contains("PASS tally.json counts 1 ballot, as recounted");
        assertThat(verified).doesNotContainPattern(ONE_IN_THE_PLURAL);

        Path lineChanged = Records.tamper(record, "ballots.txt", Records::withACharacterChanged);
        String changed = Records.run("verify", lineChanged.toString());
        assertThat(changed).startsWith("exit 1").contains("FAIL 1 ballot line is wrong: ");
        assertThat(changed).doesNotContainPattern(ONE_IN_THE_PLURAL);

        Path shareTwice = Records.tamper(record, "shares.json", t -> {
            var shares = RecordJson.read(t.getBytes(java.nio.charset.StandardCharsets.UTF_8), "shares");
            tools.jackson.databind.node.ArrayNode list = (tools.jackson.databind.node.ArrayNode) shares.get("shares");
            list.add(list.get(0).deepCopy());
            return new String(RecordJson.write(shares), java.nio.charset.StandardCharsets.UTF_8);
        });
        String twice = Records.run("verify", shareTwice.toString());
        assertThat(twice).startsWith("exit 1").contains("FAIL shares.json has 2 shares for 1 trustee\n");
        assertThat(twice).doesNotContainPattern(ONE_IN_THE_PLURAL);

        Path onlySpoilt = recordBeforeDecryption(election, List.of(new byte[] {1, 2, 3}));
        String refused = decrypt(trustees.get(0), "5", onlySpoilt, dir.resolve("share.json"));
        assertThat(refused)
                .startsWith("exit 1")
                .contains("Not decrypting: the totals are the sums of 0 ballots (and 1 spoilt paper, which is not in"
                        + " the totals: 1 paper in all), but you expect 5.");
        assertThat(refused).doesNotContainPattern(ONE_IN_THE_PLURAL);
        String oneOfOne = decrypt(trustees.get(0), "1", onlySpoilt, dir.resolve("share.json"));
        assertThat(oneOfOne).startsWith("exit 1").contains(" is spoilt");
        assertThat(oneOfOne).doesNotContainPattern(ONE_IN_THE_PLURAL);
    }

    /** A count of one with its noun in the plural, as "1 ballots" or "1 trustees". */
    private static final String ONE_IN_THE_PLURAL =
            "(?<![0-9])1 (ballots|trustees|papers|spoilt papers|ballot lines|shares|checks|encrypted totals|parts)\\b";

    private Path recordBeforeDecryption(Election election, List<byte[]> ballots) throws Exception {
        Path record = Files.createTempFile(dir, "before", ".zip");
        try (OutputStream out = Files.newOutputStream(record);
                RecordWriter w = new RecordWriter(out, election)) {
            ballots.forEach(w::ballot);
            w.finishBeforeDecryption(Tally.count(election, ballots.iterator(), true));
        }
        return record;
    }

    private Path keyFile(TrusteeKey key) throws Exception {
        Path file = dir.resolve("key.json");
        Files.write(file, RecordJson.write(TrusteeKeyJson.privateKey(key)));
        return file;
    }

    private String decrypt(TrusteeKey key, String expected, Path record, Path share, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "trustee",
                "decrypt",
                "--key",
                keyFile(key).toString(),
                "--expect-ballots",
                expected,
                "--record",
                record.toString(),
                "--out",
                share.toString()));
        args.addAll(List.of(more));
        return Records.run(args.toArray(String[]::new));
    }
}
