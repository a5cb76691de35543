package org.gpaction.ballots.trustees;

import jakarta.annotation.PreDestroy;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.gpaction.ballots.crypto.Ciphertext;
import org.gpaction.ballots.crypto.CryptoFormatException;
import org.gpaction.ballots.crypto.Election;
import org.gpaction.ballots.crypto.EncryptedBallot;
import org.gpaction.ballots.crypto.Hashes;
import org.gpaction.ballots.crypto.Tally;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks the proofs of an open ballot's papers in the background, so that the count at the close has only the last
 * few to check: checking every proof of 200,000 papers takes minutes of both processors, summing them a second or
 * two. It gives way to voting: it works only while this instance is taking few votes (fewer a second than
 * {@code gpaction.ballots.checking.quiet-below-per-second}, looked at between batches of 500 papers, about half a
 * second each), on one thread of its own. One instance checks a ballot at a time (an advisory lock per ballot); what each paper's check
 * found is kept against the SHA-256 of its bytes ({@code checked_paper}), so a paper changed afterwards is checked
 * again at the close. The ciphertexts of the papers whose proofs held are summed per option as they are checked, a
 * sum a batch ({@code checked_sum}), so that the count at the close adds a few hundred sums rather than decoding every
 * paper. A sum of ciphertexts is itself a ciphertext: it tells whoever reads the database no more than the papers it
 * is made from, which they can add up as well.
 */
@Component
public class ProofChecking {

    private static final Logger log = LoggerFactory.getLogger(ProofChecking.class);

    /** The most papers a batch checks and records in one transaction; public for tests that fill a batch. */
    public static final int BATCH = 500;

    /**
     * Takes, until the transaction ends, the advisory lock a ballot's checking holds and its count waits for; its one
     * parameter is the ballot's id. Public for tests that keep the checking off a ballot.
     */
    public static final String LOCK = "select pg_advisory_xact_lock(hashtextextended('checked_paper', ?))";

    private static final String TRY_LOCK = "select pg_try_advisory_xact_lock(hashtextextended('checked_paper', ?))";

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final Elections elections;
    /** Per ballot, the last tracker this instance's current pass over its papers reached. */
    private final Map<Long, byte[]> passes = new ConcurrentHashMap<>();

    private final TransactionTemplate transactions;
    private final double quietBelowPerSecond;
    private final LongAdder votesCast = new LongAdder();
    private long votesAtLastLook;
    private long lastLookedAt = System.nanoTime();
    /** One thread, and no queue: a look while a spell of checking is still going is dropped. */
    private final ExecutorService worker = new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
                Thread t = new Thread(r, "proof-checking");
                t.setDaemon(true);
                return t;
            },
            new ThreadPoolExecutor.DiscardPolicy());

    ProofChecking(
            JdbcClient jdbc,
            JdbcTemplate batches,
            Elections elections,
            PlatformTransactionManager transactionManager,
            CheckingProperties checking) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.elections = elections;
        this.transactions = new TransactionTemplate(transactionManager);
        this.quietBelowPerSecond = checking.quietBelowPerSecond();
    }

    /** Casting tells this after each vote it took, so that checking gives way while votes are coming in. */
    public void voteCast() {
        votesCast.increment();
    }

    /**
     * Every few seconds, unless a spell of checking is still going, starts one on the checker's own thread (so that it
     * never holds up the ballot clock, which shares the scheduler's); as often as {@link CheckingProperties#every()}
     * says (the bound, validated setting, read here).
     */
    @Scheduled(
            fixedDelayString =
                    "#{@'gpaction.ballots.checking-org.gpaction.ballots.trustees.CheckingProperties'.every().toMillis()}",
            initialDelayString =
                    "#{@'gpaction.ballots.checking-org.gpaction.ballots.trustees.CheckingProperties'.every().toMillis()}")
    void look() {
        worker.execute(this::checkWhileQuiet);
    }

    /**
     * Checks batch after batch of the open ballots' unchecked papers for as long as this instance takes fewer votes
     * than the quiet mark and there is work, up to a minute; returns how many papers it checked.
     */
    public synchronized long checkWhileQuiet() {
        long started = System.nanoTime();
        long done = 0;
        boolean more = true;
        while (more && quiet() && System.nanoTime() - started < 60_000_000_000L) {
            more = false;
            List<Long> open = openBallots();
            passes.keySet().retainAll(open);
            for (long ballot : open) {
                int checked = checkBatch(ballot);
                done += checked;
                more |= checked == BATCH;
            }
        }
        return done;
    }

    /** Fewer votes a second since the last time this was asked than the quiet mark. */
    private boolean quiet() {
        long now = System.nanoTime();
        long cast = votesCast.sum();
        double seconds = Math.max(0.25, (now - lastLookedAt) / 1e9);
        boolean quiet = (cast - votesAtLastLook) / seconds < quietBelowPerSecond;
        lastLookedAt = now;
        votesAtLastLook = cast;
        return quiet;
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    /** Checks up to one batch of the ballot's unchecked papers now; returns how many (0 if another instance is). */
    public int checkBatch(long ballotId) {
        Optional<Election> election = elections.of(ballotId);
        if (election.isEmpty()) {
            return 0;
        }
        Integer checked = transactions.execute(status -> {
            boolean ours =
                    jdbc.sql(TRY_LOCK).param(ballotId).query(Boolean.class).single();
            // Checked only while it is open. The count at the close takes the same lock before it reads these rows,
            // so a batch begun before the close is in by then, and none is begun after (the status read here, after
            // the lock, sees the close).
            boolean open = ours
                    && jdbc.sql("select status = 'OPEN' from ballots.ballot where id = :b")
                            .param("b", ballotId)
                            .query(Boolean.class)
                            .single();
            if (!open) {
                return 0;
            }
            byte[] after = passes.getOrDefault(ballotId, new byte[0]);
            List<byte[][]> papers = jdbc.sql("""
                            select p.encrypted, p.tracker from ballots.ballot_paper p
                            where p.ballot_id = :b and p.tracker > :after
                              and not exists (select 1 from ballots.checked_paper c
                                              where c.ballot_id = :b and c.sha256 = p.tracker)
                            order by p.tracker limit :batch
                            """)
                    .param("b", ballotId)
                    .param("after", after)
                    .param("batch", BATCH)
                    .query((rs, row) -> new byte[][] {rs.getBytes(1), rs.getBytes(2)})
                    .list();
            // Each paper once by its bytes; a copy of one in this batch, or checked in an earlier one, is left out.
            Map<ByteBuffer, Checked> batch = new LinkedHashMap<>();
            for (byte[][] paper : papers) {
                Checked one = check(election.get(), paper[0]);
                batch.putIfAbsent(ByteBuffer.wrap(one.sha256()), one);
            }
            keep(ballotId, election.get(), batch);
            if (papers.size() < BATCH) {
                // This pass over the ballot's papers is done; the next starts again from the first tracker.
                passes.remove(ballotId);
            } else {
                passes.put(ballotId, papers.get(papers.size() - 1)[1]);
            }
            return papers.size();
        });
        return checked == null ? 0 : checked;
    }

    /** A paper as checked: the SHA-256 of its bytes, and either why it is spoilt or its ciphertexts. */
    private record Checked(byte[] sha256, String problem, List<Ciphertext> ciphertexts) {}

    private static Checked check(Election election, byte[] bytes) {
        byte[] sha256 = Hashes.sha256(bytes);
        try {
            EncryptedBallot ballot = EncryptedBallot.decode(bytes);
            String problem = election.check(ballot);
            return new Checked(sha256, problem, problem == null ? ballot.ciphertexts() : null);
        } catch (CryptoFormatException e) {
            return new Checked(sha256, Tally.MALFORMED + e.getMessage(), null);
        }
    }

    /**
     * Records what the check found of each paper not recorded before, and the sums of those whose proofs held, in the
     * caller's transaction: the count at the close takes those papers from the sums (see {@link Tallying}), so every
     * paper recorded as holding is in exactly one sum, and the sums hold no other.
     */
    private void keep(long ballotId, Election election, Map<ByteBuffer, Checked> batch) {
        if (batch.isEmpty()) {
            return;
        }
        byte[][] shas = batch.values().stream().map(Checked::sha256).toArray(byte[][]::new);
        String[] problems = batch.values().stream().map(Checked::problem).toArray(String[]::new);
        List<byte[]> recorded = batches.query(
                con -> {
                    PreparedStatement insert = con.prepareStatement("""
                            insert into ballots.checked_paper (ballot_id, sha256, problem)
                            select ?, u.sha256, u.problem from unnest(cast(? as bytea[]), cast(? as text[]))
                                as u (sha256, problem)
                            on conflict do nothing
                            returning sha256
                            """);
                    insert.setLong(1, ballotId);
                    insert.setArray(2, con.createArrayOf("bytea", shas));
                    insert.setArray(3, con.createArrayOf("text", problems));
                    return insert;
                },
                (rs, row) -> rs.getBytes(1));
        Ciphertext[] sums = new Ciphertext[election.options().size()];
        Arrays.fill(sums, Ciphertext.ZERO);
        int summed = 0;
        for (byte[] sha256 : recorded) {
            Checked one = batch.get(ByteBuffer.wrap(sha256));
            if (one.problem() != null) {
                // Said once, when first recorded: a paper whose bytes no longer match its tracker column is read
                // again on every pass, and would otherwise be reported every few seconds while the ballot is open.
                log.warn(
                        "Ballot {}: a paper's proofs fail ({}); it will be spoilt at the count",
                        ballotId,
                        one.problem());
            }
            if (one.problem() == null) {
                for (int j = 0; j < sums.length; j++) {
                    sums[j] = sums[j].add(one.ciphertexts().get(j));
                }
                summed++;
            }
        }
        if (summed > 0) {
            jdbc.sql("insert into ballots.checked_sum (ballot_id, papers, sums) values (:b, :papers, :sums)")
                    .param("b", ballotId)
                    .param("papers", summed)
                    .param("sums", Ciphertext.encodeAll(List.of(sums)))
                    .update();
        }
    }

    private List<Long> openBallots() {
        return jdbc.sql("select id from ballots.ballot where status = 'OPEN' order by id")
                .query(Long.class)
                .list();
    }
}
