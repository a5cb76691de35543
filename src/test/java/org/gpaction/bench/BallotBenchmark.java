package org.gpaction.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.gpaction.ballots.TestTrustee;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotAdministration;
import org.gpaction.ballots.ballot.BallotAdministration.CreateBallotCommand;
import org.gpaction.ballots.ballot.BallotLinks;
import org.gpaction.ballots.crypto.Election;
import org.gpaction.ballots.crypto.EncryptedBallot;
import org.gpaction.ballots.results.Results;
import org.gpaction.ballots.trustees.DecryptionShares;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Ballot day at national scale, on the path a real ballot takes: a 200,000-member roll opened and its credentials
 * issued; every voting email sent over SMTP to a real server, each link minted (token, hash, update) as its email
 * goes out; votes cast over HTTP with the links those emails carried, beside pgbench -N against the same PostgreSQL
 * in the same run; a close over 200,000 papers, its VACUUM, and results. Run with {@code ./mvnw -Pbench verify}
 * (needs pgbench and wrk: {@code apt-get install -y postgresql-client wrk}); prints BENCH lines, each with its target
 * and whether it was met, and asserts only that the work was done.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gpaction.test.shared-database=false",
            "gpaction.ballots.tick=PT0.05S",
            "gpaction.ballots.unknown-links-per-address=100000000",
            "gpaction.test.shared-mailbox=false",
            "logging.level.com.icegreen.greenmail=WARN"
        })
class BallotBenchmark {

    static final int MEMBERS = 200_000;
    static final int PRACTICES = 6_651;
    /** Of the links the emails carried, these warm the voting path up; the rest are for the measured run. */
    static final int WARM_UP_VOTES = 120_000;

    static final int VOTE_SECONDS = 15;
    static final int WARM_UP_SECONDS = 45;
    static final int CLIENTS = 16;

    static final LinkCollector mailbox = new LinkCollector();
    static GreenMail smtp;

    @DynamicPropertySource
    static void ownDatabaseAndMailServer(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("gpaction-ballot-bench-");
        registry.add("gpaction.data-dir", dir::toString);
        if (smtp == null) {
            smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            smtp.getUserManager().setMessageDeliveryHandler(mailbox);
        }
        registry.add("spring.mail.host", () -> smtp.getSmtp().getBindTo());
        registry.add("spring.mail.port", () -> String.valueOf(smtp.getSmtp().getPort()));
    }

    @AfterAll
    static void stopMailServer() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    BallotAdministration administration;

    @Autowired
    Results results;

    @Autowired
    javax.sql.DataSource dataSource;

    @Autowired
    DecryptionShares shares;

    @Autowired
    org.gpaction.common.database.EmbeddedPostgresServer database;

    @Test
    void ballotDayAtNationalScale() throws Exception {
        loadRoll();
        // The bench's own bulk load leaves a checkpoint due; taking it now keeps that cost out of the opening.
        jdbc.sql("checkpoint").update();

        // Ballot times are whole minutes: this one opens at the clock's next tick, as its time has passed.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Ballot ballot = administration.create(
                new CreateBallotCommand(
                        "National ballot",
                        "Are you prepared to take action?",
                        List.of(),
                        "GP_MEMBERS_ENGLAND",
                        now,
                        now.plus(Duration.ofDays(30)),
                        now.plus(Duration.ofDays(20)),
                        "Scrutineer",
                        "ballots@scrutineer.example"),
                "bench");
        TestTrustee.addTo(jdbc, ballot.id());
        long start = System.nanoTime();
        administration.schedule(ballot.id(), "bench");
        while (!status(ballot.id()).equals("OPEN")) {
            Thread.onSpinWait();
        }
        long opened = System.nanoTime();
        long openMillis = (opened - start) / 1_000_000;
        long issued = count("select count(*) from ballots.credential where ballot_id = :b", ballot.id());
        long queued = votingEmails();
        System.out.printf(
                "BENCH ballots: roll of %,d opened, %,d credentials issued and %,d emails queued in %,d ms "
                        + "(target 10,000 ms: %s)%n",
                MEMBERS, issued, queued, openMillis, met(openMillis <= 10_000));
        assertThat(issued).as("credentials issued").isEqualTo(MEMBERS);
        assertThat(queued).as("voting emails queued").isEqualTo(MEMBERS);

        List<String> links = sendLinks(start, opened);

        String jdbcUrl;
        try (var connection = dataSource.getConnection()) {
            jdbcUrl = connection.getMetaData().getURL();
        }
        CpuSplit cpu = new CpuSplit(
                jdbc.sql("select pg_backend_pid()").query(Long.class).single());
        LoadTools.PgbenchFigures reference = LoadTools.pgbench(
                jdbcUrl, database.username(), database.password(), CLIENTS, WARM_UP_SECONDS, VOTE_SECONDS, cpu);
        castVotes(
                ballot.id(),
                links.subList(0, WARM_UP_VOTES),
                links.subList(WARM_UP_VOTES, links.size()),
                reference,
                cpu);

        close();
        Runtime runtime = Runtime.getRuntime();
        System.out.printf(
                "BENCH ballots: heap used %,d MB of %,d MB; RSS %s (no target)%n",
                (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024),
                runtime.maxMemory() / (1024 * 1024),
                rss());
    }

    /**
     * Waits until the SMTP server has accepted every voting email, each with its link minted as it went out, and
     * returns the links the emails carried: the voters use those.
     */
    private List<String> sendLinks(long scheduled, long opened) {
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofMinutes(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> mailbox.received() >= MEMBERS);
        long done = System.nanoTime();
        double seconds = (done - opened) / 1e9;
        long sent = votingEmailsSent();
        List<String> links = mailbox.links();
        System.out.printf(
                "BENCH ballots: %,d voting emails, each link minted as it was sent, accepted by the SMTP server "
                        + "(GreenMail on loopback) in %.1f s after the opening: %.0f messages/s; all links out "
                        + "%.1f min after the ballot was scheduled (no target set)%n",
                mailbox.received(), seconds, mailbox.received() / seconds, (done - scheduled) / 60e9);
        assertThat(mailbox.received())
                .as("messages accepted by the SMTP server")
                .isEqualTo(MEMBERS);
        assertThat(sent).as("voting emails marked sent").isEqualTo(MEMBERS);
        assertThat(new HashSet<>(links)).as("distinct links in the emails").hasSize(MEMBERS);
        return links;
    }

    /**
     * The voters are wrk, a load generator in C, so that the client takes as little of the two cores as pgbench's
     * own client does: each request casts one vote with a link from one of the emails, as a voter's browser would.
     * Votes are counted as ballot papers in the database, not as wrk's answers.
     */
    private void castVotes(
            long ballot, List<String> warmUp, List<String> measured, LoadTools.PgbenchFigures reference, CpuSplit cpu)
            throws Exception {
        double pgbenchTps = reference.tps();
        Path dir = Files.createTempDirectory("gpaction-votes-");
        Path script = dir.resolve("vote.lua");
        Files.writeString(script, """
                counter = 0
                function setup(thread)
                  thread:set("id", counter)
                  counter = counter + 1
                end
                function init(args)
                  tokens = {}
                  for line in io.lines(args[1]) do tokens[#tokens + 1] = line end
                  stride = tonumber(args[2])
                  n = id + 1 - stride
                end
                function request()
                  n = n + stride
                  local token = tokens[n] or "no-more-links"
                  local choice = (n % 10 == 0) and "No" or "Yes"
                  return wrk.format("POST", "/api/vote", {["Content-Type"] = "application/json"},
                    '{"token":"' .. token .. '","choice":"' .. choice .. '"}')
                end
                """ + LoadTools.WRK_DONE);
        String url = "http://localhost:" + port + "/api/vote";
        Path warmUpLinks = dir.resolve("warm-up.txt");
        Files.write(warmUpLinks, warmUp);
        LoadTools.wrk(script, url, CLIENTS, WARM_UP_SECONDS, warmUpLinks.toString(), "2");
        Path links = dir.resolve("links.txt");
        Files.write(links, measured);
        long before = papers(ballot);
        CpuSplit.Sample cpuBefore = cpu.settledSample();
        LoadTools.WrkFigures votes = LoadTools.wrk(script, url, CLIENTS, VOTE_SECONDS, links.toString(), "2");
        CpuSplit.Used used = CpuSplit.between(cpuBefore, cpu.settledSample());
        long counted = papers(ballot) - before;
        double votesPerSecond = counted / votes.seconds();
        System.out.printf(
                "BENCH ballots: %,d votes over HTTP by %d connections in %.1f s (ballot papers counted in the "
                        + "database; wrk saw %,d answers, %d not 2xx): %.0f votes/s, p50 %.1f ms, p99 %.1f ms "
                        + "(target p99 100 ms: %s)%n",
                counted,
                CLIENTS,
                votes.seconds(),
                votes.requests(),
                votes.refused(),
                votesPerSecond,
                votes.p50Millis(),
                votes.p99Millis(),
                met(votes.p99Millis() <= 100));
        System.out.printf(
                "BENCH ballots: pgbench -N %.0f tps against the same PostgreSQL after the same %d s warm-up, "
                        + "transactions' p50 %.1f ms, p99 %.1f ms (of a %.0f%% sample); votes/s over pgbench tps = %.2f "
                        + "(target 0.50: %s)%n",
                pgbenchTps,
                WARM_UP_SECONDS,
                reference.p50Millis(),
                reference.p99Millis(),
                LoadTools.PGBENCH_LATENCY_SAMPLE * 100,
                votesPerSecond / pgbenchTps,
                met(votesPerSecond / pgbenchTps >= 0.5));
        System.out.printf(
                "BENCH ballots: where the processors went, %s; %s (no target)%n",
                used.per(counted, "vote"), reference.used().per(reference.transactions(), "pgbench -N transaction"));
        assertThat(counted).as("votes counted in the measured run").isPositive();
        assertThat(counted)
                .as("every vote wrk saw answered with success is a ballot paper")
                .isGreaterThanOrEqualTo(votes.requests() - votes.refused() - CLIENTS);
        assertThat(count("select count(*) from ballots.credential where ballot_id = :b and state = 'USED'", ballot))
                .as("no ballot paper without a burned credential, no burned credential without a paper")
                .isEqualTo(papers(ballot));
    }

    private void close() {
        long closeBallot = ballotWithPapers(MEMBERS);
        // Open, as it is while its votes come in: the background check works through its papers while no votes arrive.
        long checkStart = System.nanoTime();
        jdbc.sql("update ballots.ballot set status = 'OPEN', closes_at = now() + interval '1 day' where id = :b")
                .param("b", closeBallot)
                .update();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofMinutes(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> count("select count(*) from ballots.checked_paper where ballot_id = :b", closeBallot)
                        == MEMBERS);
        System.out.printf(
                "BENCH ballots: proofs of %,d papers checked in the background while the ballot was open and no votes"
                        + " came in, on the checker's one thread, in %,d s (no target: spread over a ballot's days)%n",
                MEMBERS, (System.nanoTime() - checkStart) / 1_000_000_000);
        long vacuumsBefore = vacuums();
        long closeStart = System.nanoTime();
        jdbc.sql("update ballots.ballot set closes_at = now() - interval '1 second' where id = :b")
                .param("b", closeBallot)
                .update();
        while (!status(closeBallot).equals("CLOSED")) {
            Thread.onSpinWait();
        }
        long closed = System.nanoTime();
        System.out.printf(
                "BENCH ballots: closed with the papers rewritten and the hash chained over %,d ballot papers in "
                        + "%,d ms (no target set)%n",
                MEMBERS, (closed - closeStart) / 1_000_000);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> vacuums() > vacuumsBefore);
        System.out.printf(
                "BENCH ballots: VACUUM of the ballot papers after the close done %,d ms after the close committed "
                        + "(no target set)%n",
                (System.nanoTime() - closed) / 1_000_000);
        Pauses beforeTally = pauses();
        long tallied = awaitTally(closeBallot);
        System.out.printf(
                "BENCH ballots: encrypted totals of %,d papers made at the close (every paper read and hashed; those"
                        + " checked while it was open matched to their check and taken from the sums it kept, the"
                        + " rest decoded, checked and added) in %,d ms after the close committed"
                        + " (%s)%n",
                MEMBERS, tallied, pauses().since(beforeTally));
        String share = TestTrustee.share(jdbc, closeBallot);
        Pauses beforeShare = pauses();
        long combineStart = System.nanoTime();
        try (Watch watch = new Watch(Thread.currentThread())) {
            shares.accept(closeBallot, share, "bench");
        }
        long combined = (System.nanoTime() - combineStart) / 1_000_000;
        System.out.printf(
                "BENCH ballots: the trustee's share checked and combined into the totals in %,d ms (%s)%n",
                combined, pauses().since(beforeShare));
        System.out.printf(
                "BENCH ballots: tally and combination of %,d encrypted ballots %,d ms (target 5,000 ms: %s)%n",
                MEMBERS, tallied + combined, met(tallied + combined <= 5_000));
        Pauses beforeResults = pauses();
        long resultsStart = System.nanoTime();
        Results.Result result;
        try (Watch watch = new Watch(Thread.currentThread())) {
            result = results.result(closeBallot);
        }
        long resultsMillis = (System.nanoTime() - resultsStart) / 1_000_000;
        long againStart = System.nanoTime();
        results.result(closeBallot);
        System.out.printf(
                "BENCH ballots: results asked again at once: %,d ms%n", (System.nanoTime() - againStart) / 1_000_000);
        System.out.printf(
                "BENCH ballots: results for %,d ballot papers in %,d ms (target 1,000 ms: %s) (%s)%n",
                result.returned(), resultsMillis, met(resultsMillis <= 1_000), pauses().since(beforeResults));
        assertThat(result.returned()).as("papers in the result").isEqualTo(MEMBERS);
    }

    /** Milliseconds from now until the tally job has stored the ballot's encrypted totals. */
    private long awaitTally(long ballot) {
        long start = System.nanoTime();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofMinutes(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> jdbc.sql("select tally is not null from ballots.ballot where id = :b")
                        .param("b", ballot)
                        .query(Boolean.class)
                        .single());
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * Where a step spends its time when it is slow: every 200 ms, the first of the step's own frames and what the
     * database is doing for anyone, printed at the end if the step took more than a second.
     */
    private final class Watch implements AutoCloseable {
        private final long start = System.nanoTime();
        private final List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        private final Thread sampler;

        Watch(Thread watched) {
            sampler = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        Thread.sleep(200);
                        String frame = java.util.Arrays.stream(watched.getStackTrace())
                                .map(StackTraceElement::toString)
                                .filter(f -> f.startsWith("org.gpaction.ballots")
                                        || f.startsWith("org.gpaction.notifications"))
                                .findFirst()
                                .orElse("-");
                        List<String> busy = jdbc.sql("""
                                        select coalesce(wait_event_type || ':' || wait_event, 'cpu') || ' '
                                            || left(regexp_replace(query, '\\s+', ' ', 'g'), 120)
                                        from pg_stat_activity
                                        where state = 'active' and pid <> pg_backend_pid() and backend_type = 'client backend'
                                        """).query(String.class).list();
                        seen.add(String.format(
                                "  %,6d ms %s | database: %s", (System.nanoTime() - start) / 1_000_000, frame, busy));
                    }
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException failed) {
                    seen.add("  sampling stopped: " + failed.getMessage());
                }
            });
            sampler.setDaemon(true);
            sampler.start();
        }

        @Override
        public void close() {
            sampler.interrupt();
            if ((System.nanoTime() - start) / 1_000_000 > 1_000) {
                System.out.println("BENCH ballots: the slow step, sampled:");
                synchronized (seen) {
                    seen.forEach(System.out::println);
                }
            }
        }
    }

    /**
     * What else may have taken the machine during a step: the JVM's garbage collection time and PostgreSQL's
     * checkpoints (a checkpoint after the close's rewrite of every paper writes hundreds of megabytes).
     */
    private record Pauses(long gcMillis, long checkpoints, long buffersWritten) {

        String since(Pauses before) {
            return String.format(
                    "meanwhile: GC %,d ms, %d checkpoints begun or ended, %,d buffers written by them",
                    gcMillis - before.gcMillis,
                    checkpoints - before.checkpoints,
                    buffersWritten - before.buffersWritten);
        }
    }

    private Pauses pauses() {
        long gc = RunSampler.gcMillis();
        return jdbc.sql("select num_timed + num_requested + num_done, buffers_written from pg_stat_checkpointer")
                .query((rs, row) -> new Pauses(gc, rs.getLong(1), rs.getLong(2)))
                .single();
    }

    private long vacuums() {
        return jdbc.sql("""
                        select vacuum_count from pg_stat_user_tables
                        where schemaname = 'ballots' and relname = 'ballot_paper'
                        """).query(Long.class).single();
    }

    private long papers(long ballot) {
        return count("select count(*) from ballots.ballot_paper where ballot_id = :b", ballot);
    }

    private long count(String sql, long ballot) {
        return jdbc.sql(sql).param("b", ballot).query(Long.class).single();
    }

    private long votingEmails() {
        return jdbc.sql("select count(*) from notifications.outbox where category = :category")
                .param("category", BallotLinks.CATEGORY)
                .query(Long.class)
                .single();
    }

    private long votingEmailsSent() {
        return jdbc.sql("select count(*) from notifications.outbox where category = :category and status = 'SENT'")
                .param("category", BallotLinks.CATEGORY)
                .query(Long.class)
                .single();
    }

    private static String met(boolean met) {
        return met ? "met" : "NOT met";
    }

    /**
     * What the SMTP server does with each message accepted: counts it and keeps only the link it carries, rather
     * than storing 200,000 messages in 200,000 mailboxes.
     */
    static final class LinkCollector implements MessageDeliveryHandler, GreenMailUser {

        private static final Pattern LINK = Pattern.compile("/vote/([A-Za-z0-9_-]{43})");

        private final AtomicLong received = new AtomicLong();
        private final Queue<String> links = new ConcurrentLinkedQueue<>();

        long received() {
            return received.get();
        }

        List<String> links() {
            return new ArrayList<>(links);
        }

        @Override
        public GreenMailUser handle(MovingMessage message, com.icegreen.greenmail.mail.MailAddress to) {
            return this;
        }

        @Override
        public void deliver(MovingMessage message) {
            deliver(message.getMessage());
        }

        @Override
        public void deliver(MimeMessage message) {
            try {
                Matcher link = LINK.matcher(String.valueOf(message.getContent()));
                if (link.find()) {
                    links.add(link.group(1));
                }
            } catch (Exception e) {
                throw new IllegalStateException("Cannot read a message the server accepted", e);
            } finally {
                received.incrementAndGet();
            }
        }

        @Override
        public String getEmail() {
            return "voters@bench.test";
        }

        @Override
        public String getLogin() {
            return "voters";
        }

        @Override
        public void create() {}

        @Override
        public void delete() {}

        @Override
        public String getPassword() {
            return "";
        }

        @Override
        public void setPassword(String password) {}

        @Override
        public void authenticate(String password) {}

        @Override
        public String getQualifiedMailboxName() {
            return "voters";
        }
    }

    /** A ballot with its papers already cast, waiting with a future window until the bench closes it. */
    private long ballotWithPapers(int papers) {
        long id = jdbc.sql("""
                        insert into ballots.ballot (title, question, options, rule_set, opens_at, closes_at,
                            roll_cutoff, scrutineer_name, sender_address, status, created_by, created_at, closed_at,
                            roll_frozen_at)
                        values ('Counted', 'Yes or no?', array['Yes','No'], 'GP_MEMBERS_ENGLAND', now() - interval '2 days',
                            now() + interval '1 day', now() - interval '1 day', 'Scrutineer', 'b@s.example', 'DRAFT',
                            'bench', now(), now(), now())
                        returning id
                        """).query(Long.class).single();
        jdbc.sql("""
                        insert into ballots.roll_entry (ballot_id, membership_number, added_at, added_by, evidence, has_voted)
                        select :b, 'BM' || i, now(), 'bench', 'bench', true from generate_series(1, :n) i
                        """).param("b", id).param("n", papers).update();
        TestTrustee.addTo(jdbc, id);
        Election election = TestTrustee.election(jdbc, id);
        JdbcTemplate batches = new JdbcTemplate(dataSource);
        int chunk = 10_000;
        for (int from = 0; from < papers; from += chunk) {
            List<EncryptedBallot> encrypted = IntStream.range(from, Math.min(papers, from + chunk))
                    .parallel()
                    .mapToObj(i -> election.encrypt(i % 50 == 0 ? 1 : 0, new SecureRandom()))
                    .toList();
            batches.batchUpdate("""
                    insert into ballots.ballot_paper (paper_id, ballot_id, encrypted, tracker, cast_on)
                    values (gen_random_uuid(), ?, ?, ?, current_date)
                    """, encrypted, 1_000, (statement, paper) -> {
                statement.setLong(1, id);
                statement.setBytes(2, paper.encode());
                statement.setBytes(3, paper.tracker());
            });
        }
        return id;
    }

    private String status(long ballot) {
        return jdbc.sql("select status from ballots.ballot where id = :b")
                .param("b", ballot)
                .query(String.class)
                .single();
    }

    private void loadRoll() {
        jdbc.sql("""
                        insert into practices.practice (ods_code, name, national_grouping, icb_code, address_lines,
                            postcode, opened_on, status, sub_icb_code, nation, contract_type, updated_at)
                        select 'B' || lpad(i::text, 5, '0'), 'BENCH PRACTICE ' || i, 'Y63', 'QHM', array['1 ROAD'],
                               'TS1 1AA', date '1974-04-01', 'ACTIVE', '16C', 'ENGLAND', 'GMS', now()
                        from generate_series(1, :n) i
                        on conflict do nothing
                        """).param("n", PRACTICES).update();
        jdbc.sql("""
                        insert into membership.member (membership_number, gmc_number, given_name, family_name, email,
                            status, status_since, joined_on, updated_at)
                        select 'BM' || i, lpad((2000000 + i)::text, 7, '0'), 'Given', 'Family' || i,
                               'bench' || i || '@example.org', 'ACTIVE', date '2015-01-01', date '2015-01-01', now()
                        from generate_series(1, :n) i
                        on conflict do nothing
                        """).param("n", MEMBERS).update();
        jdbc.sql("""
                        insert into membership.member_role (membership_number, position, role, practice_ods, role_from)
                        select 'BM' || i, 0, 'SALARIED', 'B' || lpad((1 + i % :practices)::text, 5, '0'), date '2016-01-01'
                        from generate_series(1, :n) i
                        on conflict do nothing
                        """).param("n", MEMBERS).param("practices", PRACTICES).update();
    }

    private static String rss() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("VmRSS"))
                    .map(line -> line.replaceAll("\\s+", " ").substring("VmRSS: ".length()))
                    .findFirst()
                    .orElse("unknown");
        } catch (Exception e) {
            return "unknown (" + ManagementFactory.getRuntimeMXBean().getName() + ")";
        }
    }
}
