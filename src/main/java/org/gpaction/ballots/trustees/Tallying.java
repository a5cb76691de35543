package org.gpaction.ballots.trustees;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.gpaction.ballots.ballot.BallotBox;
import org.gpaction.ballots.ballot.BallotLogEntries;
import org.gpaction.ballots.crypto.Ciphertext;
import org.gpaction.ballots.crypto.CryptoFormatException;
import org.gpaction.ballots.crypto.Election;
import org.gpaction.ballots.crypto.EncryptedTally;
import org.gpaction.ballots.crypto.RecordJson;
import org.gpaction.ballots.crypto.Tally;
import org.gpaction.ballots.crypto.TallyJson;
import org.gpaction.common.CountWords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The count at the close: every closed ballot's papers are read once, in paper-id order, each one's proofs checked
 * (unless {@link ProofChecking} checked these very bytes while the ballot was open), and the ciphertexts of those
 * that hold multiplied per option into the encrypted totals; a paper whose proofs fail is spoilt and reported. No paper is decrypted, and only the totals ever will be. Each ballot is claimed with SKIP
 * LOCKED, so several instances never count one twice; the papers are streamed, never held whole, and only those that
 * share their first ciphertext with another are remembered to find copies ({@link #PAPERS}).
 */
@Component
public class Tallying {

    private static final Logger log = LoggerFactory.getLogger(Tallying.class);

    /**
     * Each paper with what the check while the ballot was open found, if it checked these bytes, and whether another
     * paper begins with the same first ciphertext ({@link Tally#FIRST_ALPHA_AT}): only such a paper may be a copy or copied, so only
     * those are remembered as the papers stream by (see {@link Tally}). The database finds them, spilling to disk as it
     * needs, so the count keeps nothing of the others once their batch is added.
     */
    static final String PAPERS = """
            with shared as (
                select %1$s as first_alpha from ballots.ballot_paper p
                where ballot_id = ? group by 1 having count(*) > 1
            )
            select p.encrypted, c.sha256, c.problem, s.first_alpha is not null from ballots.ballot_paper p
            left join ballots.checked_paper c on c.ballot_id = p.ballot_id and c.sha256 = p.tracker
            left join shared s on s.first_alpha = %1$s
            where p.ballot_id = ? order by p.paper_id
            """.formatted(
            // The bytes Tally compares to find a copy; substring counts from 1.
            "substring(p.encrypted from " + (Tally.FIRST_ALPHA_AT + 1) + " for " + Tally.FIRST_ALPHA_BYTES + ")");

    private final JdbcClient jdbc;
    private final JdbcTemplate papers;
    private final Elections elections;
    private final BallotLogEntries logEntries;
    private final BallotBox ballotBox;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final MeterRegistry registry;
    /** Ballots whose count failed on this instance, and when: tried again once {@link #RETRY_AFTER} has passed. */
    private final Map<Long, Instant> failed = new ConcurrentHashMap<>();

    /** How long a ballot whose count failed waits before it is tried again, while later ones are counted. */
    static final Duration RETRY_AFTER = Duration.ofMinutes(10);

    Tallying(
            JdbcClient jdbc,
            DataSource dataSource,
            Elections elections,
            BallotLogEntries logEntries,
            BallotBox ballotBox,
            Clock clock,
            PlatformTransactionManager transactionManager,
            MeterRegistry registry) {
        this.jdbc = jdbc;
        this.papers = new JdbcTemplate(dataSource);
        this.papers.setFetchSize(1_000);
        this.elections = elections;
        this.logEntries = logEntries;
        this.ballotBox = ballotBox;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.registry = registry;
    }

    @Scheduled(fixedDelayString = "${gpaction.ballots.tick:PT1S}")
    public void tick() {
        while (Boolean.TRUE.equals(transactions.execute(status -> {
            Optional<Long> due = claim(Optional.empty());
            due.ifPresent(ballotId -> {
                try {
                    count(ballotId);
                } catch (RuntimeException e) {
                    // One ballot that cannot be counted must not keep every later one waiting behind it.
                    status.setRollbackOnly();
                    failed.put(ballotId, clock.instant());
                    log.error("Ballot {} could not be counted; tried again in {}", ballotId, RETRY_AFTER, e);
                }
            });
            return due.isPresent();
        }))) {
            // One ballot a transaction, until none is waiting.
        }
    }

    /** Counts this ballot now if it is closed and not counted yet (or waits for the instance counting it). */
    public void tally(long ballotId) {
        transactions.executeWithoutResult(status -> claim(Optional.of(ballotId)).ifPresent(this::count));
    }

    private Optional<Long> claim(Optional<Long> only) {
        Instant now = clock.instant();
        failed.values().removeIf(at -> !at.plus(RETRY_AFTER).isAfter(now));
        List<Long> due = jdbc.sql("""
                        select b.id from ballots.ballot b
                        where b.status in ('CLOSED', 'PUBLISHED') and b.tally is null
                          and exists (select 1 from ballots.trustee t where t.ballot_id = b.id)
                          and (cast(:only as bigint) is null or b.id = :only)
                          and b.id <> all (cast(:failed as bigint[]))
                        order by b.id limit 1
                        for update""" + (only.isPresent() ? "" : " skip locked"))
                .param("only", only.orElse(null))
                .param(
                        "failed",
                        only.isPresent() ? new Long[0] : failed.keySet().toArray(Long[]::new))
                .query(Long.class)
                .list();
        return due.stream().findFirst();
    }

    private long count(long ballotId) {
        Election election = elections.of(ballotId).orElseThrow();
        long started = System.nanoTime();
        jdbc.sql(ProofChecking.LOCK).param(ballotId).query().singleRow();
        Kept kept = checkedSums(ballotId, election);
        Held held = new Held();
        Optional<EncryptedTally> fromSums = kept.usable()
                ? withPapers(ballotId, papers -> Tally.countPapers(election, papers, kept.sums(), held))
                : Optional.empty();
        EncryptedTally tally = fromSums.orElseGet(() -> withPapers(
                        ballotId, papers -> Optional.of(Tally.countPapers(election, papers, held)))
                .orElseThrow());
        String sumsNote = "";
        if (fromSums.isPresent()) {
            sumsNote = "; those whose proofs held, " + kept.sums().papers()
                    + ", were matched to the sums kept as they were checked";
        } else if (kept.sums().papers() > 0 || kept.unreadable()) {
            sumsNote = "; the sums kept as they were checked did not match the papers (a paper or a check was removed"
                    + " or changed since), so every paper was read and added again";
            log.warn(
                    "Ballot {}: the sums kept while checking did not match the papers; every paper added again",
                    ballotId);
        }
        int checkedWhileOpen = jdbc.sql("delete from ballots.checked_paper where ballot_id = :id")
                .param("id", ballotId)
                .update();
        jdbc.sql("delete from ballots.checked_sum where ballot_id = :id")
                .param("id", ballotId)
                .update();
        Instant now = clock.instant();
        jdbc.sql("update ballots.ballot set tally = :tally, tallied_at = :now where id = :id")
                .param("tally", new String(RecordJson.write(TallyJson.tally(election, tally)), StandardCharsets.UTF_8))
                .param("now", Timestamp.from(now))
                .param("id", ballotId)
                .update();
        long voted = ballotBox.voted(ballotId);
        long papers = tally.counted() + tally.spoilt().size();
        String turnout = papers == voted
                ? (papers == 1
                        ? " The 1 paper matches the 1 member marked as having voted."
                        : " The " + papers + " papers match the " + voted + " members marked as having voted.")
                : " The papers do not match the turnout: " + CountWords.of(papers, "paper", "papers") + ", but "
                        + CountWords.of(voted, "member", "members") + " marked as having voted ("
                        + CountWords.of(Math.abs(papers - voted), "paper", "papers")
                        + (papers > voted ? " more" : " fewer")
                        + "). Papers were added or removed outside voting: the scrutineer must look into it.";
        if (papers != voted) {
            log.warn("Ballot {}: {} papers but {} members marked as having voted", ballotId, papers, voted);
        }
        logEntries.add(
                ballotId,
                "system",
                "TALLIED",
                "Encrypted totals made from " + CountWords.of(tally.counted(), "paper", "papers") + " whose proofs held"
                        + (tally.spoilt().isEmpty()
                                ? "; none spoilt"
                                : "; " + tally.spoilt().size() + " spoilt (" + spoiltWhy(tally.spoilt())
                                        + "), listed by receipt in the ballot record's tally.json")
                        + ". The trustees can now decrypt the totals. "
                        + CountWords.of(checkedWhileOpen, "paper's", "papers'")
                        + " proofs were checked while voting was open, the rest's at the close" + sumsNote
                        + "." + turnout,
                now);
        log.info(
                "Ballot {} tallied: {} counted, {} spoilt ({} papers' proofs checked while it was open), in {} ms,"
                        + " holding at most {} papers read and {} remembered to find copies",
                ballotId,
                tally.counted(),
                tally.spoilt().size(),
                checkedWhileOpen,
                (System.nanoTime() - started) / 1_000_000,
                held.read,
                held.remembered);
        held.record(registry, ballotId);
        return ballotId;
    }

    /**
     * The most a count held of the papers at once, as {@link Tally.Listener#holding} tells it, kept per ballot as
     * {@value #PAPERS_READ} and {@value #PAPERS_REMEMBERED} (their max) so that an operator, and a test, can see it does
     * not grow with the papers.
     */
    private static final class Held implements Tally.Listener {

        private int read;
        private int remembered;

        @Override
        public void ballot(long position, byte[] tracker, String spoiltReason) {}

        @Override
        public void holding(int read, int remembered) {
            this.read = Math.max(this.read, read);
            this.remembered = Math.max(this.remembered, remembered);
        }

        void record(MeterRegistry registry, long ballotId) {
            DistributionSummary.builder(PAPERS_READ)
                    .description("The most papers a ballot's count had read and not yet added to the totals at once")
                    .tag("ballot", Long.toString(ballotId))
                    .register(registry)
                    .record(read);
            DistributionSummary.builder(PAPERS_REMEMBERED)
                    .description("The most hashes and first ciphertexts of papers a ballot's count kept at once to"
                            + " find later copies")
                    .tag("ballot", Long.toString(ballotId))
                    .register(registry)
                    .record(remembered);
        }
    }

    /** Metric: the most papers a ballot's count had read and not yet added at once. */
    public static final String PAPERS_READ = "gpaction.ballots.count.papers.read";

    /** Metric: the most papers' hashes and first ciphertexts a ballot's count kept at once to find later copies. */
    public static final String PAPERS_REMEMBERED = "gpaction.ballots.count.papers.remembered";

    /** Streams the ballot's papers, in paper-id order, to a count. */
    private Optional<EncryptedTally> withPapers(
            long ballotId, Function<Iterator<Tally.Paper>, Optional<EncryptedTally>> count) {
        try (Stream<Tally.Paper> stored = papers.queryForStream(
                PAPERS,
                (rs, row) -> new Tally.Paper(rs.getBytes(1), false, rs.getBytes(2), rs.getString(3), rs.getBoolean(4)),
                ballotId,
                ballotId)) {
            return count.apply(stored.iterator());
        }
    }

    /** The sums kept while the ballot was open, and how many papers its check recorded as holding. */
    private record Kept(Tally.CheckedSums sums, long holding, boolean unreadable) {

        /** Every paper recorded as holding is in one sum (see {@link ProofChecking}); a difference means a row went. */
        boolean usable() {
            return !unreadable && sums.papers() > 0 && sums.papers() == holding;
        }
    }

    /** The sums the check while the ballot was open kept, added together. */
    private Kept checkedSums(long ballotId, Election election) {
        int options = election.options().size();
        Ciphertext[] sums = new Ciphertext[options];
        Arrays.fill(sums, Ciphertext.ZERO);
        long[] papers = {0};
        long holding = jdbc.sql("select count(*) from ballots.checked_paper where ballot_id = :id and problem is null")
                .param("id", ballotId)
                .query(Long.class)
                .single();
        try {
            jdbc.sql("select papers, sums from ballots.checked_sum where ballot_id = :id")
                    .param("id", ballotId)
                    .query(rs -> {
                        papers[0] += rs.getInt(1);
                        List<Ciphertext> batch = Ciphertext.decodeAll(rs.getBytes(2), options);
                        for (int j = 0; j < options; j++) {
                            sums[j] = sums[j].add(batch.get(j));
                        }
                    });
        } catch (CryptoFormatException unreadable) {
            // A sum changed in the database is set aside like a missing one: every paper is added again.
            log.warn("Ballot {}: a sum kept while checking could not be read ({})", ballotId, unreadable.getMessage());
            return new Kept(new Tally.CheckedSums(List.of(sums), 0), holding, true);
        }
        return new Kept(new Tally.CheckedSums(List.of(sums), papers[0]), holding, false);
    }

    /** How many papers were spoilt for each kind of reason, as "2 whose proofs fail, 1 a copy of an earlier paper". */
    static String spoiltWhy(List<EncryptedTally.Spoilt> spoilt) {
        Map<String, Long> kinds = spoilt.stream()
                .collect(Collectors.groupingBy(EncryptedTally.Spoilt::kind, TreeMap::new, Collectors.counting()));
        return kinds.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }
}
