package org.gpaction.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotAdministration;
import org.gpaction.ballots.ballot.BallotAdministration.CreateBallotCommand;
import org.gpaction.ballots.results.Results;
import org.gpaction.common.SecretTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Ballot day at national scale: a 200,000-member roll opened and its credentials issued; votes cast over HTTP by
 * concurrent clients beside pgbench -N against the same PostgreSQL in the same run; results for 200,000 papers.
 * Run with {@code ./mvnw -Pbench verify} (needs pgbench and wrk: {@code apt-get install -y postgresql-client wrk});
 * prints BENCH lines.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gpaction.test.shared-database=false",
            "gpaction.ballots.tick=PT0.05S",
            "gpaction.ballots.unknown-links-per-address=100000000",
            // Sending would compete with the voters for the two cores and replace the links the bench holds.
            "gpaction.mail.dispatch=false",
            "gpaction.test.shared-mailbox=false"
        })
class BallotBenchmark {

    static final int MEMBERS = 200_000;
    static final int PRACTICES = 6_651;
    /** More links than the voters can use in the time, so none runs out. */
    static final int VOTES = 80_000;

    static final int WARM_UP_VOTES = 120_000;
    static final int VOTE_SECONDS = 15;
    static final int WARM_UP_SECONDS = 45;
    static final int CLIENTS = 16;

    @org.springframework.test.context.DynamicPropertySource
    static void ownDatabase(org.springframework.test.context.DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("gpaction-ballot-bench-");
        registry.add("gpaction.data-dir", dir::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    NamedParameterJdbcTemplate batch;

    @Autowired
    BallotAdministration administration;

    @Autowired
    Results results;

    @Autowired
    javax.sql.DataSource dataSource;

    @Autowired
    org.gpaction.common.database.EmbeddedPostgresServer database;

    @Test
    void ballotDayAtNationalScale() throws Exception {
        loadRoll();
        // The bench's own bulk load leaves a checkpoint due; taking it now keeps that cost out of the opening.
        jdbc.sql("checkpoint").update();

        Instant now = Instant.now();
        Ballot ballot = administration.create(
                new CreateBallotCommand(
                        "National ballot",
                        "Are you prepared to take action?",
                        List.of(),
                        "GP_MEMBERS_ENGLAND",
                        now.plusMillis(200),
                        now.plus(Duration.ofDays(30)),
                        now.plus(Duration.ofDays(20)),
                        "Scrutineer",
                        "ballots@scrutineer.example"),
                "bench");
        long start = System.nanoTime();
        administration.schedule(ballot.id(), "bench");
        while (!status(ballot.id()).equals("OPEN")) {
            Thread.onSpinWait();
        }
        long openMillis = (System.nanoTime() - start) / 1_000_000;
        long issued = jdbc.sql("select count(*) from ballots.credential where ballot_id = :b")
                .param("b", ballot.id())
                .query(Long.class)
                .single();
        System.out.printf(
                "BENCH ballots: roll of %,d opened and %,d credentials issued with their emails queued in %,d ms (target 10,000 ms)%n",
                MEMBERS, issued, openMillis);

        List<String> tokens = tokensFor(ballot.id(), WARM_UP_VOTES + VOTES);
        double pgbenchTps = pgbench();
        castVotes(tokens.subList(0, WARM_UP_VOTES), tokens.subList(WARM_UP_VOTES, tokens.size()), pgbenchTps);

        long closeBallot = ballotWithPapers(MEMBERS);
        long closeStart = System.nanoTime();
        jdbc.sql("update ballots.ballot set status = 'OPEN', closes_at = now() - interval '1 second' where id = :b")
                .param("b", closeBallot)
                .update();
        while (!status(closeBallot).equals("CLOSED")) {
            Thread.onSpinWait();
        }
        System.out.printf(
                "BENCH ballots: closed with the hash chained over %,d ballot papers in %,d ms%n",
                MEMBERS, (System.nanoTime() - closeStart) / 1_000_000);
        long resultsStart = System.nanoTime();
        Results.Result result = results.result(closeBallot);
        long resultsMillis = (System.nanoTime() - resultsStart) / 1_000_000;
        System.out.printf(
                "BENCH ballots: results for %,d ballot papers in %,d ms (target 1,000 ms)%n",
                result.returned(), resultsMillis);
        Runtime runtime = Runtime.getRuntime();
        System.out.printf(
                "BENCH ballots: heap used %,d MB of %,d MB; RSS %s%n",
                (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024),
                runtime.maxMemory() / (1024 * 1024),
                rss());
    }

    /**
     * The voters are wrk, a load generator in C, so that the client takes as little of the two cores as pgbench's
     * own client does: each request casts one vote with its own link, as a voter's browser or app would.
     */
    private void castVotes(List<String> warmUp, List<String> tokens, double pgbenchTps) throws Exception {
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
                function done(summary, latency, requests)
                  io.write(string.format("VOTES %d %d %d %d %d\\n", summary.requests, summary.duration,
                    latency:percentile(50), latency:percentile(99), summary.errors.status))
                end
                """);
        wrk(script, dir.resolve("warm-up.txt"), warmUp, WARM_UP_SECONDS);
        String output = wrk(script, dir.resolve("links.txt"), tokens, VOTE_SECONDS);
        Matcher votes =
                Pattern.compile("VOTES (\\d+) (\\d+) (\\d+) (\\d+) (\\d+)").matcher(output);
        if (!votes.find()) {
            throw new IllegalStateException("No figures in wrk's output:\n" + output);
        }
        long requests = Long.parseLong(votes.group(1));
        double seconds = Long.parseLong(votes.group(2)) / 1e6;
        long refused = Long.parseLong(votes.group(5));
        double votesPerSecond = (requests - refused) / seconds;
        System.out.printf(
                "BENCH ballots: %,d votes over HTTP by %d connections in %.1f s: %.0f votes/s, p50 %.1f ms, p99 %.1f ms "
                        + "(target p99 100 ms), %d refused%n",
                requests - refused,
                CLIENTS,
                seconds,
                votesPerSecond,
                Long.parseLong(votes.group(3)) / 1e3,
                Long.parseLong(votes.group(4)) / 1e3,
                refused);
        System.out.printf(
                "BENCH ballots: pgbench -N %.0f tps against the same PostgreSQL; votes/s over pgbench tps = %.2f "
                        + "(target 0.50)%n",
                pgbenchTps, votesPerSecond / pgbenchTps);
    }

    private String wrk(Path script, Path links, List<String> tokens, int seconds) throws Exception {
        Files.write(links, tokens);
        return run(
                List.of(
                        "wrk",
                        "-t",
                        "2",
                        "-c",
                        String.valueOf(CLIENTS),
                        "-d",
                        seconds + "s",
                        "-s",
                        script.toString(),
                        "http://localhost:" + port + "/api/vote",
                        "--",
                        links.toString(),
                        "2"),
                database.password());
    }

    private double pgbench() throws Exception {
        String url;
        try (var connection = dataSource.getConnection()) {
            url = connection.getMetaData().getURL();
        }
        Matcher matcher =
                Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+)").matcher(url);
        if (!matcher.find()) {
            throw new IllegalStateException("Cannot read host and port from " + url);
        }
        String pgbench = Files.exists(Path.of("/usr/lib/postgresql/15/bin/pgbench"))
                ? "/usr/lib/postgresql/15/bin/pgbench"
                : "pgbench";
        List<String> connection =
                List.of("-h", matcher.group(1), "-p", matcher.group(2), "-U", "postgres", matcher.group(3));
        run(concat(List.of(pgbench, "-i", "-q", "-s", "10"), connection), database.password());
        String output = run(
                concat(List.of(pgbench, "-N", "-c", String.valueOf(CLIENTS), "-j", "2", "-T", "20"), connection),
                database.password());
        Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)")
                .matcher(output);
        if (!tps.find()) {
            throw new IllegalStateException("No tps in pgbench output:\n" + output);
        }
        return Double.parseDouble(tps.group(1));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String run(List<String> command, String password) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.append(line).append('\n');
            }
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output.toString();
    }

    /** Known tokens for some credentials, standing in for the links the emails would carry. */
    private List<String> tokensFor(long ballot, int count) {
        List<Long> ids = jdbc.sql("select id from ballots.credential where ballot_id = :b order by id limit :n")
                .param("b", ballot)
                .param("n", count)
                .query(Long.class)
                .list();
        List<String> tokens = new ArrayList<>();
        List<MapSqlParameterSource> rows = new ArrayList<>();
        for (long id : ids) {
            String token = SecretTokens.generate();
            tokens.add(token);
            rows.add(new MapSqlParameterSource().addValue("id", id).addValue("hash", SecretTokens.hash(token)));
        }
        batch.batchUpdate(
                "update ballots.credential set token_hash = :hash where id = :id",
                rows.toArray(MapSqlParameterSource[]::new));
        return tokens;
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
        jdbc.sql("""
                        insert into ballots.ballot_paper (paper_id, ballot_id, choice, cast_on, receipt_hash)
                        select gen_random_uuid(), :b, case when i % 50 = 0 then 1 else 0 end, current_date,
                               decode(md5(i::text) || md5((i + 1)::text), 'hex')
                        from generate_series(1, :n) i
                        """).param("b", id).param("n", papers).update();
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
