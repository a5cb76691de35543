package org.gpaction.ballots.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TallyTests {

    private final FixedRandom random = new FixedRandom(11);
    private final List<TrusteeKey> trustees = Elections.trustees(2, random);
    private final Election election = Elections.yesNo(trustees);

    /**
     * Distinct ballots without the cost of encrypting each: ballot i is one of four real ballots with i·(G, K), an
     * encryption of 0, added to its first ciphertext. Its proofs no longer hold, so it is counted without them.
     */
    private List<byte[]> ballots(int n, int[] choices) {
        List<EncryptedBallot> templates = new ArrayList<>();
        for (int choice : choices) {
            templates.add(election.encrypt(choice, random));
        }
        List<byte[]> out = new ArrayList<>(n);
        Ciphertext shift = Ciphertext.ZERO;
        Ciphertext zero = new Ciphertext(Group.G, election.jointKey());
        for (int i = 0; i < n; i++) {
            shift = shift.add(zero).normalize();
            EncryptedBallot t = templates.get(i % templates.size());
            List<Ciphertext> cts = new ArrayList<>(t.ciphertexts());
            cts.set(0, cts.get(0).add(shift).normalize());
            out.add(new EncryptedBallot(cts, t.rangeProofs(), t.sumProof()).encode());
        }
        return out;
    }

    @Test
    void aStreamOfSeveralBatchesIsCountedAsOneBallotAtATimeWouldCountIt() {
        int[] choices = {0, 1, 0, 0};
        List<byte[]> ballots = ballots(5_000, choices);
        for (int malformed : new int[] {0, 2047, 2048, 4095, 4999}) {
            ballots.set(malformed, new byte[] {2, 0, 2});
        }
        ballots.set(3000, ballots.get(10).clone());
        ballots.set(4500, ballots.get(2049).clone());
        ballots.set(4501, ballots.get(2049).clone());

        List<Long> positions = new ArrayList<>();
        EncryptedTally tally = Tally.count(election, ballots.iterator(), false, (p, t, r) -> positions.add(p));

        Ciphertext[] totals = {Ciphertext.ZERO, Ciphertext.ZERO};
        List<EncryptedTally.Spoilt> spoilt = new ArrayList<>();
        Set<ByteBuffer> seen = new HashSet<>();
        long[] expected = new long[2];
        for (int i = 0; i < ballots.size(); i++) {
            String tracker = Tracker.hex(Hashes.sha256(ballots.get(i)));
            EncryptedBallot b;
            try {
                b = EncryptedBallot.decode(ballots.get(i));
            } catch (CryptoFormatException e) {
                spoilt.add(new EncryptedTally.Spoilt(i + 1, tracker, "malformed: " + e.getMessage()));
                continue;
            }
            if (!seen.add(ByteBuffer.wrap(
                    Group.encodeUncompressedPoint(b.ciphertexts().get(0).alpha())))) {
                spoilt.add(new EncryptedTally.Spoilt(i + 1, tracker, "copies an earlier ballot's ciphertexts"));
                continue;
            }
            for (int j = 0; j < 2; j++) {
                totals[j] = totals[j].add(b.ciphertexts().get(j));
            }
            expected[choices[i % 4]]++;
        }

        assertThat(positions).hasSize(5_000);
        assertThat(positions.get(0)).isEqualTo(1L);
        assertThat(positions.get(4999)).isEqualTo(5_000L);
        assertThat(positions).isSorted();
        assertThat(tally.spoilt()).isEqualTo(spoilt);
        assertThat(tally.spoilt())
                .extracting(EncryptedTally.Spoilt::position)
                .containsExactly(1L, 2048L, 2049L, 3001L, 4096L, 4501L, 4502L, 5000L);
        assertThat(tally.counted()).isEqualTo(5_000 - 8);
        assertThat(tally.totals()).containsExactly(totals[0].normalize(), totals[1].normalize());
        long[] counts = DecryptionShare.combine(
                election, tally.totals(), Elections.shares(election, trustees, tally, random), tally.counted());
        assertThat(counts).containsExactly(expected);
    }

    /** The most a count held at once, as it tells its listener. */
    private static final class Held implements Tally.Listener {

        int read;
        int remembered;

        @Override
        public void ballot(long position, byte[] tracker, String spoiltReason) {}

        @Override
        public void holding(int read, int remembered) {
            this.read = Math.max(this.read, read);
            this.remembered = Math.max(this.remembered, remembered);
        }
    }

    /**
     * The papers as the count at the close reads them from the database, which marks those whose first ciphertext
     * another paper of the ballot begins with as well: only those may be copies, or copied.
     */
    private static List<Tally.Paper> markedAsTheDatabaseMarksThem(List<Tally.Paper> papers) {
        Map<ByteBuffer, Integer> firsts = new HashMap<>();
        for (Tally.Paper paper : papers) {
            firsts.merge(firstCiphertext(paper.bytes()), 1, Integer::sum);
        }
        return papers.stream()
                .map(p -> new Tally.Paper(
                        p.bytes(),
                        p.proofsKnown(),
                        p.checkedAs(),
                        p.problem(),
                        firsts.get(firstCiphertext(p.bytes())) > 1))
                .toList();
    }

    /** What {@code substring(encrypted from 4 for 65)} reads: the bytes of the first ciphertext's alpha. */
    private static ByteBuffer firstCiphertext(byte[] bytes) {
        return ByteBuffer.wrap(
                java.util.Arrays.copyOfRange(bytes, Math.min(3, bytes.length), Math.min(68, bytes.length)));
    }

    @Test
    void aCountHoldsTwoBatchesAtMostAndRemembersOnlyThePapersThatMayBeCopies() {
        List<byte[]> ballots = ballots(3 * Tally.BATCH, new int[] {0, 1, 0, 0});
        ballots.set(3_000, ballots.get(10).clone());
        ballots.set(4_500, ballots.get(2_049).clone());
        ballots.set(5_000, new byte[] {2, 0, 2});
        List<Tally.Paper> papers = markedAsTheDatabaseMarksThem(
                ballots.stream().map(b -> new Tally.Paper(b, true, null, null)).toList());
        assertThat(papers).filteredOn(Tally.Paper::mayBeACopy).hasSize(4);

        Held held = new Held();
        EncryptedTally marked = Tally.countPapers(election, papers.iterator(), held);
        Held everyPaper = new Held();
        EncryptedTally unmarked = Tally.count(election, ballots.iterator(), false, everyPaper);

        assertThat(marked.totals()).isEqualTo(unmarked.totals());
        assertThat(marked.counted()).isEqualTo(unmarked.counted()).isEqualTo(3 * Tally.BATCH - 3);
        assertThat(marked.spoilt()).isEqualTo(unmarked.spoilt()).hasSize(3);
        assertThat(held.read).as("read and not yet added").isEqualTo(2 * Tally.BATCH);
        assertThat(held.remembered)
                .as("the first ciphertexts of papers 10 and 2049, each copied later")
                .isEqualTo(2);
        assertThat(everyPaper.remembered)
                .as("unmarked, as the verifier reads a record, every paper counted is remembered")
                .isEqualTo(3 * Tally.BATCH - 3);
    }

    @Test
    void proofsCheckedBeforeAreNotCheckedAgainUnlessTheBytesChanged() {
        byte[] yes = election.encrypt(0, random).encode();
        byte[] no = election.encrypt(1, random).encode();
        // A paper whose proofs fail (its last byte, the sum proof's response, changed)...
        byte[] forged = election.encrypt(0, random).encode();
        forged[forged.length - 1] ^= 1;
        byte[] changed = election.encrypt(1, random).encode();
        byte[] checkedAs = Hashes.sha256(changed);
        changed[changed.length - 1] ^= 1;
        List<Tally.Paper> papers = List.of(
                new Tally.Paper(yes, false, Hashes.sha256(yes), null),
                // ...counts when a check before said it held (the check is trusted, not repeated)...
                new Tally.Paper(forged, false, Hashes.sha256(forged), null),
                new Tally.Paper(no, false, null, null),
                // ...but a paper whose bytes differ from those checked is checked afresh, and one found failing stays
                // so.
                new Tally.Paper(changed, false, checkedAs, null),
                new Tally.Paper(election.encrypt(1, random).encode(), false, new byte[32], null),
                new Tally.Paper(election.encrypt(0, random).encode(), true, null, "failed when it was checked"));

        EncryptedTally tally = Tally.countPapers(election, papers.iterator(), (p, t, r) -> {});

        assertThat(tally.spoilt())
                .extracting(EncryptedTally.Spoilt::position, EncryptedTally.Spoilt::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(4L, "the proof that exactly one option is chosen fails"),
                        org.assertj.core.groups.Tuple.tuple(6L, "failed when it was checked"));
        assertThat(tally.counted()).isEqualTo(4);
        // Checked afresh: the paper never checked, the changed one and the one whose check was of other bytes.
        assertThat(tally.proofsChecked()).isEqualTo(3);
    }

    /**
     * Papers checked before the count, as the check while a ballot is open leaves them: the sums of those whose proofs
     * held, and each paper's tracker and finding.
     */
    private record Checked(List<Tally.Paper> papers, Tally.CheckedSums sums) {}

    private Checked checkedBefore(List<byte[]> ballots, int checked, int failing) {
        List<Tally.Paper> papers = new ArrayList<>();
        Ciphertext[] sums = {Ciphertext.ZERO, Ciphertext.ZERO};
        Set<ByteBuffer> summed = new HashSet<>();
        for (int i = 0; i < ballots.size(); i++) {
            byte[] bytes = ballots.get(i);
            if (i >= checked) {
                // Not checked yet: counted without its proofs, as these ballots' proofs do not hold.
                papers.add(new Tally.Paper(bytes, true, null, null));
            } else if (i == failing) {
                papers.add(new Tally.Paper(bytes, false, Hashes.sha256(bytes), "failed when it was checked"));
            } else {
                papers.add(new Tally.Paper(bytes, false, Hashes.sha256(bytes), null));
                if (summed.add(ByteBuffer.wrap(Hashes.sha256(bytes)))) {
                    for (int j = 0; j < 2; j++) {
                        sums[j] = sums[j].add(
                                EncryptedBallot.decode(bytes).ciphertexts().get(j));
                    }
                }
            }
        }
        return new Checked(papers, new Tally.CheckedSums(List.of(sums), summed.size()));
    }

    @Test
    void papersTakenFromTheSumsKeptAsTheyWereCheckedAreCountedAsIfEachWereAddedAgain() {
        List<byte[]> ballots = ballots(5_000, new int[] {0, 1, 0, 0});
        // Two copies among the papers checked: one byte for byte, one with the first ciphertext of another and its own
        // proofs, each in the sums as the check found it.
        ballots.set(3_000, ballots.get(10).clone());
        byte[] sameFirstCiphertext = ballots.get(20).clone();
        sameFirstCiphertext[sameFirstCiphertext.length - 1] ^= 1;
        ballots.set(3_500, sameFirstCiphertext);
        // A copy among those not checked yet of one that was.
        ballots.set(4_600, ballots.get(30).clone());
        Checked checked = checkedBefore(ballots, 4_000, 100);

        EncryptedTally fromSums = Tally.countPapers(
                        election, checked.papers().iterator(), checked.sums(), (p, t, r) -> {})
                .orElseThrow();
        EncryptedTally addedAgain = Tally.countPapers(election, checked.papers().iterator(), (p, t, r) -> {});
        Held held = new Held();
        EncryptedTally marked = Tally.countPapers(
                        election, markedAsTheDatabaseMarksThem(checked.papers()).iterator(), checked.sums(), held)
                .orElseThrow();

        assertThat(marked).isEqualTo(fromSums);
        assertThat(held.remembered)
                .as(
                        "the hashes of papers 10, 20, 30 and 3500, all in the sums, and the first ciphertexts of 10, 20 and 30")
                .isEqualTo(7);
        assertThat(fromSums.totals()).isEqualTo(addedAgain.totals());
        assertThat(fromSums.counted()).isEqualTo(addedAgain.counted()).isEqualTo(5_000 - 4);
        assertThat(fromSums.spoilt()).isEqualTo(addedAgain.spoilt());
        assertThat(fromSums.spoilt())
                .extracting(EncryptedTally.Spoilt::position, EncryptedTally.Spoilt::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(101L, "failed when it was checked"),
                        org.assertj.core.groups.Tuple.tuple(3_001L, "copies an earlier ballot's ciphertexts"),
                        org.assertj.core.groups.Tuple.tuple(3_501L, "copies an earlier ballot's ciphertexts"),
                        org.assertj.core.groups.Tuple.tuple(4_601L, "copies an earlier ballot's ciphertexts"));
        long[] counts = DecryptionShare.combine(
                election,
                fromSums.totals(),
                Elections.shares(election, trustees, fromSums, random),
                fromSums.counted());
        // Ballot i is template i % 4 (choices 0, 1, 0, 0); the four spoilt, ballots 100, 3000, 3500 and 4600, are
        // all the first option's.
        assertThat(counts).containsExactly(3_750 - 4, 1_250);
    }

    @Test
    void sumsThatDoNotHoldExactlyThePapersCheckedAreNotUsed() {
        sumsThatDoNotHoldExactlyThePapersCheckedAreNotUsed(papers -> papers);
    }

    @Test
    void sumsThatDoNotHoldExactlyThePapersCheckedAreNotUsedWhenTheDatabaseMarksThePapersThatMayBeCopies() {
        sumsThatDoNotHoldExactlyThePapersCheckedAreNotUsed(TallyTests::markedAsTheDatabaseMarksThem);
    }

    private void sumsThatDoNotHoldExactlyThePapersCheckedAreNotUsed(
            java.util.function.UnaryOperator<List<Tally.Paper>> read) {
        List<byte[]> ballots = ballots(3_000, new int[] {0, 1});
        Checked checked = checkedBefore(ballots, 2_500, -1);
        assertThat(Tally.countPapers(
                        election, read.apply(checked.papers()).iterator(), checked.sums(), (p, t, r) -> {}))
                .as("as checked")
                .isPresent();

        List<Tally.Paper> oneRemoved = new ArrayList<>(checked.papers());
        oneRemoved.remove(1_234);
        assertThat(Tally.countPapers(election, read.apply(oneRemoved).iterator(), checked.sums(), (p, t, r) -> {}))
                .as("a paper checked and summed, removed since")
                .isEmpty();

        List<Tally.Paper> oneChanged = new ArrayList<>(checked.papers());
        Tally.Paper before = oneChanged.get(1_234);
        byte[] changed = before.bytes().clone();
        changed[changed.length - 1] ^= 1;
        oneChanged.set(1_234, new Tally.Paper(changed, false, before.checkedAs(), null));
        assertThat(Tally.countPapers(election, read.apply(oneChanged).iterator(), checked.sums(), (p, t, r) -> {}))
                .as("a paper checked and summed, changed since (its proofs checked again, and failing)")
                .isEmpty();

        Tally.CheckedSums oneMore =
                new Tally.CheckedSums(checked.sums().sums(), checked.sums().papers() + 1);
        assertThat(Tally.countPapers(election, read.apply(checked.papers()).iterator(), oneMore, (p, t, r) -> {}))
                .as("sums said to hold one paper more than were found")
                .isEmpty();
    }
}
