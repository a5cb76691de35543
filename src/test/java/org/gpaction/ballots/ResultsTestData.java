package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gpaction.ballots.crypto.Election;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Ballots of a test's own written straight into the tables, with a roll and ballot papers, in any status. The roll
 * is marked frozen so the ballot clock never adds the shared database's members to it.
 */
final class ResultsTestData {

    static final String PASSWORD = "amber falcon window gravel";

    private final JdbcClient jdbc;
    private final Http http;

    ResultsTestData(JdbcClient jdbc, Http http) {
        this.jdbc = jdbc;
        this.http = http;
    }

    long ballot(String status, String title, List<String> options, Instant opens, Instant closes) {
        return jdbc.sql("""
                        insert into ballots.ballot (title, question, options, rule_set, opens_at, closes_at,
                            roll_cutoff, scrutineer_name, sender_address, status, created_by, created_at,
                            roll_frozen_at, closed_at, log_hash)
                        values (:title, 'Do you agree?', :options, 'GP_PARTNERS_ENGLAND', :opens, :closes, :opens,
                            'Independent Scrutineer Ltd', 'ballots@scrutineer.example', :status, 'test', now(), :opens,
                            case when :status in ('CLOSED', 'PUBLISHED') then cast(:closes as timestamptz) end,
                            case when :status in ('CLOSED', 'PUBLISHED') then repeat('ab', 32) end)
                        returning id
                        """)
                .param("title", title)
                .param("options", options.toArray(String[]::new))
                .param("opens", Timestamp.from(opens))
                .param("closes", Timestamp.from(closes))
                .param("status", status)
                .query(Long.class)
                .single();
    }

    /** A ballot that opened three days ago and closed yesterday. */
    long closed(String title, List<String> options) {
        return ballot(
                "CLOSED",
                title,
                options,
                Instant.now().minus(Duration.ofDays(3)),
                Instant.now().minus(Duration.ofDays(1)));
    }

    /** A ballot open since yesterday, until tomorrow. */
    long open(String title, List<String> options) {
        return ballot(
                "OPEN",
                title,
                options,
                Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(1)));
    }

    /**
     * A roll of {@code entitled} members, of whom the first ones voted: {@code votes[i]} papers for option i, each
     * encrypted to the test trustee's key; a closed ballot is then counted as its trustee would. Answers the voters'
     * receipts, in the order of the papers.
     */
    List<String> roll(long ballot, int entitled, int... votes) {
        String prefix = "T" + UUID.randomUUID().toString().substring(0, 8) + "-";
        int voted = 0;
        for (int v : votes) {
            voted += v;
        }
        jdbc.sql("""
                        insert into ballots.roll_entry (ballot_id, membership_number, added_at, added_by, evidence,
                            has_voted, icb_code, lmc)
                        select :ballot, :prefix || i, now(), 'test', 'test', i <= :voted, 'QTE', 'Test LMC'
                        from generate_series(1, :n) i
                        """)
                .param("ballot", ballot)
                .param("prefix", prefix)
                .param("voted", voted)
                .param("n", entitled)
                .update();
        jdbc.sql("""
                        insert into ballots.credential (ballot_id, membership_number, issued_at, state)
                        select :ballot, :prefix || i, now(), case when i <= :voted then 'USED' else 'ACTIVE' end
                        from generate_series(1, :n) i
                        """)
                .param("ballot", ballot)
                .param("prefix", prefix)
                .param("voted", voted)
                .param("n", entitled)
                .update();
        Election election = TestTrustee.election(jdbc, ballot);
        List<String> receipts = new java.util.ArrayList<>();
        for (int choice = 0; choice < votes.length; choice++) {
            for (int i = 0; i < votes[choice]; i++) {
                receipts.add(TestTrustee.paper(jdbc, election, ballot, choice));
            }
        }
        // The key goes on after the papers, so the tally job never counts the ballot half written.
        TestTrustee.addTo(jdbc, ballot);
        String status = jdbc.sql("select status from ballots.ballot where id = :id")
                .param("id", ballot)
                .query(String.class)
                .single();
        if (status.equals("CLOSED") || status.equals("PUBLISHED")) {
            TestTrustee.countNow(jdbc, ballot);
        }
        return receipts;
    }

    String adminToken() {
        return token(TestAdmin.EMAIL, TestAdmin.PASSWORD);
    }

    String token(String email, String password) {
        return http.apiToken(email, password);
    }

    /** A member of staff with this role, tied to a practice of their own where the role needs one. */
    String staff(String role, List<String> practices) {
        String email = role.toLowerCase().replace('_', '.') + "."
                + UUID.randomUUID().toString().substring(0, 8) + "@ballots.test";
        Http.Response created = http.postJson(
                "/api/staff",
                Map.of("email", email, "password", PASSWORD, "role", role, "practices", practices),
                adminToken());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return email;
    }

    String scrutineer() {
        return staff("SCRUTINEER", List.of());
    }

    String scrutineerToken() {
        return token(scrutineer(), PASSWORD);
    }

    Http signedIn(int port, String email) {
        return signedIn(port, email, PASSWORD);
    }

    Http signedIn(int port, String email, String password) {
        Http pages = new Http(port);
        pages.signIn(email, password);
        return pages;
    }
}
