package org.gpaction.ballots.crypto;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.gpaction.common.CountWords;

/**
 * The commands shipped in the jar, run without Spring:
 *
 * <pre>
 * trustee keygen --out DIR
 * trustee decrypt --key trustee-private.json --expect-ballots N --record record.zip --out share.json [--expect-spoilt K]
 * verify record.zip [--tracker CODE] [--joint-key KEY]
 * </pre>
 *
 * <p>{@code decrypt} decrypts only totals made of exactly as many papers as the trustee expects, the turnout they learn
 * from whoever announced it at the close, not from the record: a server that handed a trustee one real ballot among
 * ballots it made itself would otherwise learn that voter's choice by subtracting its own from the decrypted totals.
 * Nor does it decrypt totals that leave out spoilt papers, unless the trustee says how many to expect: the server
 * encrypts every paper with valid proofs, so a spoilt paper was added or changed outside voting, and the number
 * spoilt is first told by the server itself, which could spoil all papers but one and learn that one's choice. It
 * decrypts only totals it recomputed itself from a record whose every paper's proofs it verified: a bare tally.json
 * says how many ballots its totals are the sums of, but could hold a single ballot's ciphertexts whatever it says.
 */
public final class CryptoCommands {

    public static final String PRIVATE_FILE = "trustee-private.json";
    public static final String PUBLIC_FILE = "trustee-public.json";

    private CryptoCommands() {}

    public static boolean handles(String[] args) {
        return args.length > 0 && (args[0].equals("trustee") || args[0].equals("verify"));
    }

    /** Runs a command and answers the process's exit code: 0 done or verified, 1 failed verification, 2 misuse. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args[0].equals("verify")) {
                return verify(Arrays.copyOfRange(args, 1, args.length), out, err);
            }
            if (args.length > 1 && args[1].equals("keygen")) {
                return keygen(option(args, "--out"), out);
            }
            if (args.length > 1 && args[1].equals("decrypt")) {
                return decrypt(args, out, err);
            }
            throw new IllegalArgumentException("trustee keygen or trustee decrypt");
        } catch (IllegalArgumentException e) {
            err.println(args[0] + ": " + e.getMessage());
            err.println("usage: trustee keygen --out DIR");
            err.println("       trustee decrypt --key " + PRIVATE_FILE
                    + " --expect-ballots N --record record.zip --out share.json [--expect-spoilt K]");
            err.println("         N: the members who voted (the turnout), as announced at the close");
            err.println("         K: the spoilt papers to expect, only as the scrutineer tells you having looked into"
                    + " them (none unless given)");
            err.println("       verify record.zip [--tracker CODE] [--joint-key KEY]");
            err.println("         KEY: the ballot's joint key, as its result page and the scrutineer's report give it");
            return 2;
        } catch (IOException e) {
            err.println(args[0] + ": " + e);
            return 2;
        }
    }

    private static String option(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static String required(String[] args, String name) {
        String v = option(args, name);
        if (v == null) {
            throw new IllegalArgumentException(name + " is needed");
        }
        return v;
    }

    static int keygen(String dir, PrintStream out) throws IOException {
        if (dir == null) {
            throw new IllegalArgumentException("--out is needed");
        }
        Path directory = Path.of(dir);
        Files.createDirectories(directory);
        TrusteeKey key = TrusteeKey.generate(new SecureRandom());
        Path secret = directory.resolve(PRIVATE_FILE);
        Path pub = directory.resolve(PUBLIC_FILE);
        if (Files.exists(secret) || Files.exists(pub)) {
            throw new FileAlreadyExistsException(secret + " or " + pub + " already exists; not overwriting a key");
        }
        if (secret.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(
                    secret, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(secret);
        }
        Files.write(secret, RecordJson.write(TrusteeKeyJson.privateKey(key)), StandardOpenOption.TRUNCATE_EXISTING);
        Files.write(pub, RecordJson.write(TrusteeKeyJson.publicKey(key.publicKey())), StandardOpenOption.CREATE_NEW);
        out.println("Private key: " + secret + " (readable by you only; keep it offline, never upload it)");
        out.println(
                "Public key with its proof of possession: " + pub + " (this one is public: it goes with the ballot)");
        out.println("Public key: " + RecordJson.point(key.publicKey().key()));
        return 0;
    }

    static int decrypt(String[] args, PrintStream out, PrintStream err) throws IOException {
        if (Arrays.asList(args).contains("--tally")) {
            throw new IllegalArgumentException("--tally is not taken: nothing can recount the ballots a tally.json says"
                    + " its totals are the sums of, and one that holds a single ballot's ciphertexts would reveal that"
                    + " vote. Give --record with the record the Trustees page gives"
                    + " (ballot-ID-record-before-decryption.zip), which is verified and its totals recomputed before"
                    + " anything is decrypted");
        }
        long expected = expectedBallots(args);
        long expectedSpoilt = expectedSpoilt(args);
        String record = option(args, "--record");
        if (record == null) {
            throw new IllegalArgumentException("--record is needed: give the record the Trustees page gives"
                    + " (ballot-ID-record-before-decryption.zip), which is verified and its totals recomputed before"
                    + " anything is decrypted");
        }
        Path target = Path.of(required(args, "--out"));
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw alreadyThere(target);
        }
        SecureRandom random = new SecureRandom();
        TrusteeKey key = TrusteeKeyJson.privateKey(
                RecordJson.read(Files.readAllBytes(Path.of(required(args, "--key"))), "the private key"), random);
        Verifier.Report report = Verifier.verify(Path.of(record), false);
        print(report, out);
        if (!report.ok()) {
            err.println("Not decrypting: the record does not verify.");
            return 1;
        }
        if (!report.election().trustees().stream()
                .anyMatch(t -> t.key().equals(key.publicKey().key()))) {
            err.println("Not decrypting: this key is not one of the record's trustees.");
            return 1;
        }
        EncryptedTally tally = report.tally();
        byte[] hE = report.election().extendedBaseHash();
        long spoilt = tally.spoilt().size();
        if (tally.counted() + spoilt != expected) {
            err.println(countMismatch(tally, expected));
            return 1;
        }
        if (spoilt != expectedSpoilt) {
            err.println(spoiltMismatch(tally, expected, expectedSpoilt));
            return 1;
        }
        out.println("The totals to decrypt are the sums of " + ballots(tally.counted()) + ", as you expect"
                + (spoilt == 0
                        ? ""
                        : ": " + CountWords.of(expected, "paper", "papers") + " less the " + papers(spoilt)
                                + " the scrutineer told you of")
                + ".");
        DecryptionShare share = DecryptionShare.compute(key, hE, tally.totals(), random);
        try {
            Files.write(target, RecordJson.write(DecryptionShareJson.share(hE, share)), StandardOpenOption.CREATE_NEW);
        } catch (FileAlreadyExistsException e) {
            throw alreadyThere(target);
        }
        out.println("Decryption share of " + CountWords.of(tally.totals().size(), "encrypted total", "encrypted totals")
                + " written to " + target
                + " (it is public: it reveals only the totals once every trustee's share is combined)");
        return 0;
    }

    /** An --out that is there already, found before the record is verified (minutes) rather than after. */
    private static IllegalArgumentException alreadyThere(Path target) {
        return new IllegalArgumentException(target + " already exists: choose another --out");
    }

    /**
     * The papers returned, as the trustee learnt it when the turnout was announced at the close: the ballots counted
     * and the papers spoilt together. The close announces no spoilt papers (the server counts them later), so
     * taking any off would take the server's word for them.
     */
    private static long expectedBallots(String[] args) {
        String given = option(args, "--expect-ballots");
        if (given == null) {
            throw new IllegalArgumentException("--expect-ballots is needed: add --expect-ballots N, where N is the"
                    + " number of members who voted, the turnout as announced at the close, learnt from whoever"
                    + " announced it, not from the record; totals of any other number of ballots are never"
                    + " decrypted");
        }
        try {
            long n = Long.parseLong(given);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below, as a negative number is
        }
        throw new IllegalArgumentException(
                "--expect-ballots must be the number of members who voted, a whole number such as 8518, not " + given);
    }

    /** The spoilt papers the scrutineer, having looked into them, told the trustee to expect: none unless given. */
    private static long expectedSpoilt(String[] args) {
        String given = option(args, "--expect-spoilt");
        if (given == null) {
            return 0;
        }
        try {
            long k = Long.parseLong(given);
            if (k >= 0) {
                return k;
            }
        } catch (NumberFormatException e) {
            // answered below, as a negative number is
        }
        throw new IllegalArgumentException("--expect-spoilt must be the number of spoilt papers the scrutineer told"
                + " you to expect, a whole number such as 2, not " + given);
    }

    private static String countMismatch(EncryptedTally tally, long expected) {
        String spoilt = tally.spoilt().isEmpty()
                ? ""
                : " (and " + papers(tally.spoilt().size()) + (tally.spoilt().size() == 1 ? ", which is" : ", which are")
                        + " not in the totals: "
                        + CountWords.of(tally.counted() + tally.spoilt().size(), "paper", "papers") + " in all)";
        return "Not decrypting: the totals are the sums of " + ballots(tally.counted()) + spoilt + ", but you expect "
                + expected + ". Totals of anything but the ballots cast can reveal single votes: whoever adds"
                + " ballots of their own around one real ballot learns its choice by subtracting theirs from the"
                + " decrypted totals. Check your number with whoever announced the turnout; if it is right, this is"
                + " not the record of the ballots cast: do not decrypt it, and report it. Nothing was written.";
    }

    private static String spoiltMismatch(EncryptedTally tally, long expected, long expectedSpoilt) {
        long spoilt = tally.spoilt().size();
        String found = "Not decrypting: " + spoilt + " of the " + CountWords.of(expected, "paper", "papers")
                + (spoilt == 1 ? " is" : " are") + " spoilt";
        String rest = " Nothing was written.";
        if (expectedSpoilt > 0) {
            return found + ", but the scrutineer told you to expect " + expectedSpoilt + ". Check the number with"
                    + " them; if it is right, this is not the record they looked into: do not decrypt it." + rest;
        }
        return found + ", so the totals are the sums of " + ballots(tally.counted()) + ", not " + expected + "."
                + " The server encrypts every paper with valid proofs, so a spoilt paper was added or changed"
                + " outside voting, and the number spoilt is the server's own word: totals that leave out papers"
                + " can reveal single votes, as a server that spoilt all papers but one would learn that one's"
                + " choice. Take this record to the scrutineer, and decrypt it only if, having looked into it,"
                + " they tell you how many spoilt papers to expect: then add --expect-spoilt K." + rest;
    }

    private static String ballots(long n) {
        return CountWords.of(n, "ballot", "ballots");
    }

    private static String papers(long spoilt) {
        return CountWords.of(spoilt, "spoilt paper", "spoilt papers");
    }

    /**
     * Verifies a record and, with {@code --tracker}, finds a voter's ballot in it, which must be counted: a tracker
     * found only on spoilt papers fails, as that voter's ballot is not in the totals. With {@code --joint-key}, the
     * record fails unless its ballots are encrypted to that key: a record made from other keys, whoever made them,
     * verifies on its own. The keys it was made with are printed either way, to be compared with those announced. A
     * wrong command line (no such file, a tracker or key that is not one, anything else given) is misuse, answered
     * before anything is checked.
     */
    static int verify(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].startsWith("--")) {
            throw new IllegalArgumentException("the record's path is needed");
        }
        Map<String, String> options = verifyOptions(args);
        Path record = Path.of(args[0]);
        if (!Files.isRegularFile(record)) {
            throw new IllegalArgumentException("there is no file " + record);
        }
        String shown = options.get("--tracker");
        byte[] tracker = shown == null ? null : Tracker.parse(shown);
        String jointKey = options.containsKey("--joint-key") ? jointKey(options.get("--joint-key")) : null;
        long started = System.nanoTime();
        Verifier.Report report = Verifier.verify(record);
        if (jointKey != null) {
            compareJointKey(report, jointKey);
        }
        print(report, out);
        printKeys(report, out);
        if (tracker != null) {
            lookUp(record, tracker, shown, report, out);
        }
        out.printf(
                "%s: %s passed, %d failed (%.1f s)%n",
                report.ok() ? "VERIFIED" : "NOT VERIFIED",
                CountWords.of(report.passed().size(), "check", "checks"),
                report.failed().size(),
                (System.nanoTime() - started) / 1e9);
        return report.ok() ? 0 : 1;
    }

    /** After the record's path, each of --tracker CODE and --joint-key KEY at most once, in either order. */
    private static Map<String, String> verifyOptions(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!List.of("--tracker", "--joint-key").contains(args[i])
                    || i + 1 == args.length
                    || options.put(args[i], args[i + 1]) != null) {
                throw new IllegalArgumentException(
                        "give the record's path, then --tracker CODE, --joint-key KEY, both or nothing");
            }
        }
        return options;
    }

    /** A joint key as the ballot's pages give it, in either case, with any spaces left out. */
    private static String jointKey(String given) {
        String key = given.replaceAll("\\s", "").toLowerCase(Locale.ROOT);
        try {
            if (key.matches("[0-9a-f]{66}")) {
                Group.decodePoint(HexFormat.of().parseHex(key));
                return key;
            }
        } catch (CryptoFormatException e) {
            // answered below, as a key of the wrong length is
        }
        throw new IllegalArgumentException("--joint-key must be the ballot's joint key as its pages give it, 66"
                + " hexadecimal digits that are a point of P-256, not " + given);
    }

    private static void compareJointKey(Verifier.Report report, String given) {
        if (report.election() == null) {
            report.failed()
                    .add("the joint key given with --joint-key cannot be compared: the record's keys cannot be"
                            + " read");
            return;
        }
        String recorded = RecordJson.point(report.election().jointKey());
        RecordChecks.check(
                recorded.equals(given),
                "the record's joint key is " + given + ", the one given with --joint-key",
                "the record's joint key is " + recorded + ", not " + given + ", the one given with --joint-key:"
                        + " its ballots were encrypted to another key than the one given",
                report.passed(),
                report.failed());
    }

    /** The keys the record's ballots are encrypted to, which a member can compare with those announced. */
    private static void printKeys(Verifier.Report report, PrintStream out) {
        if (report.election() == null) {
            return;
        }
        out.println("Joint key: " + RecordJson.point(report.election().jointKey()));
        List<TrusteeKey.PublicKey> trustees = report.election().trustees();
        for (int i = 0; i < trustees.size(); i++) {
            out.println("Trustee " + (i + 1) + "'s public key: "
                    + RecordJson.point(trustees.get(i).key()));
        }
    }

    /** Whether the voter's ballot is counted: on some line of ballots.txt that the recount did not spoil. */
    private static void lookUp(Path record, byte[] tracker, String shown, Verifier.Report report, PrintStream out) {
        if (report.tally() == null) {
            out.println("MISSING tracker " + shown + ": the record's ballots cannot be read");
            report.failed().add("tracker " + shown + " cannot be looked for");
            return;
        }
        List<Long> lines = Verifier.lines(record, tracker);
        Map<Long, String> spoilt = new HashMap<>();
        report.tally().spoilt().forEach(s -> spoilt.put(s.position(), s.reason()));
        Optional<Long> counted =
                lines.stream().filter(line -> !spoilt.containsKey(line)).findFirst();
        if (counted.isPresent()) {
            out.println("FOUND   tracker " + shown + ": counted, line " + counted.get() + " of ballots.txt");
        } else if (lines.isEmpty()) {
            out.println("MISSING tracker " + shown);
            report.failed().add("tracker " + shown + " is not in the record");
        } else {
            String where = lines.stream()
                    .map(line -> "line " + line + (spoilt.containsKey(line) ? ": " + spoilt.get(line) : ""))
                    .collect(Collectors.joining("; "));
            out.println("SPOILT  tracker " + shown + ": in the record but not counted (" + where + ")");
            report.failed().add("tracker " + shown + " is in the record but not counted");
        }
    }

    private static void print(Verifier.Report report, PrintStream out) {
        report.passed().forEach(p -> out.println("PASS " + p));
        report.failed().forEach(f -> out.println("FAIL " + f));
    }
}
