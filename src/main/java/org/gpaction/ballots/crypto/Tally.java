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
 */
public final class Tally {

    private static final int BATCH = 2048;

    private Tally() {}

    /** Per-ballot outcome, for callers that want each tracker (the verifier). */
    public interface Listener {
        void ballot(long position, byte[] tracker, String spoiltReason);
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
     * why they failed, or is null when they held. Bytes that changed since their check are checked afresh.
     */
    public record Paper(byte[] bytes, boolean proofsKnown, byte[] checkedAs, String problem) {

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
            Set<ByteBuffer> seen = new HashSet<>();
            // The papers taken from the checked sums, by tracker: each is in them once.
            Set<ByteBuffer> fromSums = new HashSet<>();
            List<EncryptedTally.Spoilt> spoilt = new ArrayList<>();
            long counted = 0;
            long proofsChecked = 0;
            long position = 0;
            // One batch is examined while the next is read; the batches' outcomes are taken in stream order.
            Deque<List<Future<Slice>>> inFlight = new ArrayDeque<>();
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
                    inFlight.add(parts);
                    if (inFlight.size() < 2 && ballots.hasNext()) {
                        continue;
                    }
                }
                for (Future<Slice> part : inFlight.remove()) {
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
                        if (o.inSums && !fromSums.add(ByteBuffer.wrap(o.tracker))) {
                            // The same bytes as an earlier paper, which the sums hold once.
                            reason = COPY;
                        } else if (reason == null && !seen.add(ByteBuffer.wrap(o.firstAlpha))) {
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
            }
            if (checked != null) {
                if (fromSums.size() != checked.papers()) {
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

    static final String COPY = "copies an earlier ballot's ciphertexts";
    /** How the reason for a ballot that does not decode begins; the decoder's words follow. */
    public static final String MALFORMED = "malformed: ";
    /** How the reason for a ballot of another number of options begins. */
    static final String WRONG_OPTIONS = "has ";

    /**
     * A paper as examined: decoded unless it is one of the checked sums ({@code inSums}), whose bytes are those checked
     * and decoded then.
     */
    private record Outcome(
            byte[] bytes, EncryptedBallot ballot, byte[] tracker, byte[] firstAlpha, String reason, boolean inSums) {

        Outcome(EncryptedBallot ballot, byte[] tracker, byte[] firstAlpha, String reason) {
            this(null, ballot, tracker, firstAlpha, reason, false);
        }

        /** A line of a record that holds no ballot to read: it takes its position and is neither counted nor spoilt. */
        static final Outcome NO_BALLOT = new Outcome(null, null, null, null, null, false);
    }

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
                out[i] = new Outcome(bytes, null, tracker, firstAlpha(bytes), null, true);
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
                out[i] = new Outcome(ballot, tracker, firstAlpha(bytes), reason);
                if (reason == null) {
                    for (int j = 0; j < k; j++) {
                        sums[j] = sums[j].add(ballot.ciphertexts().get(j));
                    }
                }
            } catch (CryptoFormatException e) {
                out[i] = new Outcome(null, tracker, null, MALFORMED + e.getMessage());
            }
        }
        return new Slice(out, sums, proofsChecked);
    }

    /** The first ciphertext's alpha as a paper that decodes encodes it: its one canonical encoding. */
    private static byte[] firstAlpha(byte[] bytes) {
        return Arrays.copyOfRange(bytes, 3, 3 + Group.UNCOMPRESSED_POINT_BYTES);
    }
}
