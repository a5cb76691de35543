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
        TrusteeKey.PublicKey pub =
                RecordJson.publicKey(RecordJson.read(Files.readAllBytes(out.resolve("trustee-public.json")), "pub"));
        assertThat(pub.verify()).isTrue();
        assertThat(Files.readString(out.resolve("trustee-public.json"))).doesNotContain("secret");
        TrusteeKey key = RecordJson.privateKey(RecordJson.read(Files.readAllBytes(secret), "key"), random);
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
            publicKeys.add(
                    RecordJson.publicKey(RecordJson.read(Files.readAllBytes(d.resolve("trustee-public.json")), "pub")));
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
        Path tallyJson = dir.resolve("tally.json");
        Files.write(tallyJson, RecordJson.write(RecordJson.tally(election, tally)));

        String first = Records.run(
                "trustee",
                "decrypt",
                "--key",
                keyDirs.get(0).resolve("trustee-private.json").toString(),
                "--record",
                beforeDecryption.toString(),
                "--out",
                dir.resolve("share1.json").toString());
        String second = Records.run(
                "trustee",
                "decrypt",
                "--key",
                keyDirs.get(1).resolve("trustee-private.json").toString(),
                "--tally",
                tallyJson.toString(),
                "--out",
                dir.resolve("share2.json").toString());
        assertThat(first).startsWith("exit 0").contains("PASS tally.json encrypted totals equal");
        assertThat(second).startsWith("exit 0");

        List<DecryptionShare> shares = new ArrayList<>();
        for (String name : List.of("share1.json", "share2.json")) {
            shares.add(RecordJson.share(RecordJson.read(Files.readAllBytes(dir.resolve(name)), name)));
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
        Files.write(keyFile, RecordJson.write(RecordJson.privateKey(key)));
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
                        "--record",
                        before.toString(),
                        "--out",
                        dir.resolve("share.json").toString()))
                .startsWith("exit 1")
                .contains("Not decrypting");
        assertThat(dir.resolve("share.json")).doesNotExist();
    }

    @Test
    void aMisusedCommandSaysHowToUseIt() {
        assertThat(Records.run("trustee", "sing")).startsWith("exit 2").contains("usage: trustee keygen --out DIR");
        assertThat(Records.run("verify")).startsWith("exit 2");
    }
}
