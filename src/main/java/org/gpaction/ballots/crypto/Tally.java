package org.gpaction.ballots.crypto;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Adds encrypted ballots per option from a stream, in batches on every processor, so that a 200,000-ballot ballot
 * is never held in memory. A ballot whose proofs fail is spoilt and reported, not added; proofs already checked
 * (before the close, or not wanted) are not checked again, and only malformed ballots and the failures found before
 * are spoilt among those. A ballot whose first ciphertext repeats an earlier ballot's is a copy and spoilt either
 * way. Papers checked before the count may come with the sums their check kept ({@link CheckedSums}): then those
 * papers are only hashed and matched, not decoded and added again.
 *
 * <p>Finding copies needs each earlier paper's first ciphertext (and, for those taken from the sums, its hash), so a
 * count remembers them for the papers after; a paper known to begin unlike every other ({@link Paper#mayBeACopy}
 * false, as the count at the close reads them from the database) can be no copy and have none, and is not remembered.
 * What the count holds is then two batches and the papers whose first ciphertext another shares, all but one of each
 * such first ciphertext spoilt (and listed in the tally anyway): it grows only with those, not with the papers counted.
 */
public final class Tally {

    /** The most papers read at a time; a count holds at most two such batches at once. Public for tests. */
    public static final int BATCH = 2048;

    /**
     * Where in a paper's bytes the first ciphertext's alpha begins (after the version and the number of options), and
     * how long it is: a paper with the same bytes there as an earlier one is a copy. Public for the count's query,
     * which finds the papers that share them.
     */
    public static final int FIRST_ALPHA_AT = 3;

    public static final int FIRST_ALPHA_BYTES = Group.UNCOMPRESSED_POINT_BYTES;

    private Tally() {}

    /** Per-ballot outcome, for callers that want each tracker (the verifier). */
    public interface Listener {
        void ballot(long position, byte[] tracker, String spoiltReason);

        /**
         * After each batch is added to the totals, what the count held as it added it: how many papers it had read and
         * not yet added ({@code read}), and how many hashes and first ciphertexts of papers added before it kept to find
         * later copies ({@code remembered}).
         */
        default void holding(int read, int remembered) {}
    }

    public static EncryptedTally count(Election election, Iterator<byte[]> ballots, boolean checkProofs) {
        return count(election, ballots, checkProofs, (p, t, r) -> {});
    }

    public static EncryptedTally count(
            Election election, Iterator<byte[]> ballots, boolean checkProofs, Listener listener) {
        return countPapers(
                election,
                new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return ballots.hasNext();
                    }

                    @Override
                    public Paper next() {
                        return new Paper(ballots.next(), !checkProofs, null, null);
                    }
                },
                listener);
    }

    /**
     * A stored ballot and what is already known of its proofs. With {@code proofsKnown}, or when {@code checkedAs} is
     * the SHA-256 of exactly these bytes, they were checked before and are not checked again: {@code problem} says
     * why they failed, or is null when they held. Bytes that changed since their check are checked afresh. Without
     * {@code mayBeACopy}, no other paper of the stream has the same first ciphertext ({@link #FIRST_ALPHA_AT}, as a paper that
     * decodes encodes it), so this one can be no copy and have none; a paper read without knowing says it may.
     */
    public record Paper(byte[] bytes, boolean proofsKnown, byte[] checkedAs, String problem, boolean mayBeACopy) {

        /** A paper not known to begin unlike every other: it may be a copy, or copied. */
        public Paper(byte[] bytes, boolean proofsKnown, byte[] checkedAs, String problem) {
            this(bytes, proofsKnown, checkedAs, problem, true);
        }

        /** Its proofs' outcome is already known: given, or from a check of these very bytes. */
        boolean proofsKnownFor(byte[] tracker) {
            return proofsKnown || checkedAsThese(tracker);
        }

        /** Checked before as these very bytes, and its proofs held then. */
        boolean heldWhenChecked(byte[] tracker) {
            return !proofsKnown && problem == null && checkedAsThese(tracker);
        }

        private boolean checkedAsThese(byte[] tracker) {
            return checkedAs != null && Arrays.equals(checkedAs, tracker);
        }
    }

    /**
     * What a check before the count kept of the papers whose proofs held: their ciphertexts summed per option, and
     * how many papers are in the sums, each distinct by its bytes (a paper whose bytes repeat another's is in them
     * once).
     */
    public record CheckedSums(List<Ciphertext> sums, long papers) {

        public CheckedSums {
            sums = List.copyOf(sums);
        }
    }

    /** Counts papers some of which had their proofs checked before, checking the rest's. */
    public static EncryptedTally countPapers(Election election, Iterator<Paper> ballots, Listener listener) {
        return tally(election, ballots, null, listener).orElseThrow();
    }

    /**
     * Counts papers some of which had their proofs checked before, checking the rest's, and takes the papers whose
     * proofs held when checked from {@code checked}, the sums kept as they were checked, rather than decoding and adding
     * them again. Empty when the sums do not hold exactly those papers: when as many distinct papers, by their bytes,
     * were not found among those checked and holding as the sums say they hold (one checked and deleted or changed
     * since, say). The caller then counts again without them.
     */
    public static Optional<EncryptedTally> countPapers(
            Election election, Iterator<Paper> ballots, CheckedSums checked, Listener listener) {
        return tally(election, ballots, Objects.requireNonNull(checked, "checked"), listener);
    }

    /** The count, with the checked sums or (when {@code checked} is null) without. */
    private static Optional<EncryptedTally> tally(
            Election election, Iterator<Paper> ballots, CheckedSums checked, Listener listener) {
        int k = election.options().size();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "tally");
            t.setDaemon(true);
            return t;
        });
        try {
            Ciphertext[] totals = new Ciphertext[k];
            Arrays.fill(totals, Ciphertext.ZERO);
            // The first ciphertexts of the papers counted, and the trackers of those taken from the checked sums (each
            // is in them once), of only the papers that may be copies: the rest begin unlike any other, so no later
            // paper can repeat them, and are not remembered.
            Set<ByteBuffer> seen = new HashSet<>();
            Set<ByteBuffer> fromSums = new HashSet<>();
            long takenFromSums = 0;
            List<EncryptedTally.Spoilt> spoilt = new ArrayList<>();
            long counted = 0;
            long proofsChecked = 0;
            long position = 0;
            // One batch is examined while the next is read; the batches' outcomes are taken in stream order.
            Deque<Batch> inFlight = new ArrayDeque<>();
            int read = 0;
            while (ballots.hasNext() || !inFlight.isEmpty()) {
                if (ballots.hasNext()) {
                    List<Paper> batch = new ArrayList<>(BATCH);
                    while (ballots.hasNext() && batch.size() < BATCH) {
                        batch.add(ballots.next());
                    }
                    int per = (batch.size() + threads - 1) / threads;
                    List<Future<Slice>> parts = new ArrayList<>();
                    for (int from = 0; from < batch.size(); from += per) {
                        List<Paper> slice = batch.subList(from, Math.min(batch.size(), from + per));
                        parts.add(pool.submit(() -> examine(election, slice, checked != null)));
                    }
                    inFlight.add(new Batch(parts, batch.size()));
                    read += batch.size();
                    if (inFlight.size() < 2 && ballots.hasNext()) {
                        continue;
                    }
                }
                Batch next = inFlight.remove();
                for (Future<Slice> part : next.parts()) {
                    Slice slice = part.get();
                    proofsChecked += slice.proofsChecked;
                    for (int j = 0; j < k; j++) {
                        totals[j] = totals[j].add(slice.sums[j]);
                    }
                    for (Outcome o : slice.outcomes) {
                        position++;
                        if (o == Outcome.NO_BALLOT) {
                            continue;
                        }
                        String reason = o.reason;
                        if (o.inSums) {
                            if (first(fromSums, o.tracker, o.mayBeACopy)) {
                                takenFromSums++;
                            } else {
                                // The same bytes as an earlier paper, which the sums hold once.
                                reason = COPY;
                            }
                        }
                        if (reason == null && !first(seen, o.firstAlpha, o.mayBeACopy)) {
                            reason = COPY;
                            // The slice's sums, or the checked sums, included it; take it out again.
                            EncryptedBallot copy = o.inSums ? EncryptedBallot.decode(o.bytes) : o.ballot;
                            for (int j = 0; j < k; j++) {
                                Ciphertext c = copy.ciphertexts().get(j);
                                totals[j] = totals[j].add(new Ciphertext(
                                        c.alpha().negate(), c.beta().negate()));
                            }
                        }
                        if (reason == null) {
                            counted++;
                        } else {
                            spoilt.add(new EncryptedTally.Spoilt(
                                    position, o.tracker == null ? "" : Tracker.hex(o.tracker), reason));
                        }
                        listener.ballot(position, o.tracker, reason);
                    }
                }
                listener.holding(read, seen.size() + fromSums.size());
                read -= next.papers();
            }
            if (checked != null) {
                if (takenFromSums != checked.papers()) {
                    return Optional.empty();
                }
                for (int j = 0; j < k; j++) {
                    totals[j] = totals[j].add(checked.sums().get(j));
                }
            }
            return Optional.of(new EncryptedTally(List.of(totals), counted, spoilt, proofsChecked));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while counting", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Counting failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Whether no paper before this one had the same {@code key} (its tracker, or its first ciphertext); remembered for
     * the papers after it only if another paper may share it.
     */
    private static boolean first(Set<ByteBuffer> before, byte[] key, boolean mayBeACopy) {
        return !mayBeACopy || before.add(ByteBuffer.wrap(key));
    }

    static final String COPY = "copies an earlier ballot's ciphertexts";
    /** How the reason for a ballot that does not decode begins; the decoder's words follow. */
    public static final String MALFORMED = "malformed: ";
    /** How the reason for a ballot of another number of options begins. */
    static final String WRONG_OPTIONS = "has ";

    /**
     * A paper as examined: decoded unless it is one of the checked sums ({@code inSums}), whose bytes are those checked
     * and decoded then; {@code mayBeACopy} as the {@link Paper} says.
     */
    private record Outcome(
            byte[] bytes,
            EncryptedBallot ballot,
            byte[] tracker,
            byte[] firstAlpha,
            String reason,
            boolean inSums,
            boolean mayBeACopy) {

        Outcome(EncryptedBallot ballot, byte[] tracker, byte[] firstAlpha, String reason, boolean mayBeACopy) {
            this(null, ballot, tracker, firstAlpha, reason, false, mayBeACopy);
        }

        /** A line of a record that holds no ballot to read: it takes its position and is neither counted nor spoilt. */
        static final Outcome NO_BALLOT = new Outcome(null, null, null, null, null, false, false);
    }

    /** A batch being examined, in slices, and how many papers it holds. */
    private record Batch(List<Future<Slice>> parts, int papers) {}

    /** A slice's outcomes in order, the sums per option of its ballots that passed, and how many it proof-checked. */
    private record Slice(Outcome[] outcomes, Ciphertext[] sums, int proofsChecked) {}

    private static Slice examine(Election election, List<Paper> slice, boolean sumsKept) {
        int k = election.options().size();
        Ciphertext[] sums = new Ciphertext[k];
        Arrays.fill(sums, Ciphertext.ZERO);
        Outcome[] out = new Outcome[slice.size()];
        int proofsChecked = 0;
        for (int i = 0; i < out.length; i++) {
            Paper paper = slice.get(i);
            byte[] bytes = paper.bytes();
            if (bytes == null) {
                out[i] = Outcome.NO_BALLOT;
                continue;
            }
            byte[] tracker = Hashes.sha256(bytes);
            if (sumsKept && paper.heldWhenChecked(tracker) && bytes.length == EncryptedBallot.encodedLength(k)) {
                // The bytes checked, so they decoded then.
                out[i] = new Outcome(bytes, null, tracker, firstAlpha(bytes), null, true, paper.mayBeACopy());
                continue;
            }
            try {
                EncryptedBallot ballot = EncryptedBallot.decode(bytes);
                String reason = null;
                if (ballot.ciphertexts().size() != election.options().size()) {
                    reason = WRONG_OPTIONS + ballot.ciphertexts().size() + " options, not "
                            + election.options().size();
                } else if (paper.proofsKnownFor(tracker)) {
                    reason = paper.problem();
                } else {
                    reason = election.check(ballot);
                    proofsChecked++;
                }
                out[i] = new Outcome(ballot, tracker, firstAlpha(bytes), reason, paper.mayBeACopy());
                if (reason == null) {
                    for (int j = 0; j < k; j++) {
                        sums[j] = sums[j].add(ballot.ciphertexts().get(j));
                    }
                }
            } catch (CryptoFormatException e) {
                out[i] = new Outcome(null, tracker, null, MALFORMED + e.getMessage(), paper.mayBeACopy());
            }
        }
        return new Slice(out, sums, proofsChecked);
    }

    /** The first ciphertext's alpha as a paper that decodes encodes it: its one canonical encoding. */
    private static byte[] firstAlpha(byte[] bytes) {
        return Arrays.copyOfRange(bytes, FIRST_ALPHA_AT, FIRST_ALPHA_AT + FIRST_ALPHA_BYTES);
    }
}
