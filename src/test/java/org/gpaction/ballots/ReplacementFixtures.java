package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Members, ballots and links of their own for each test, written straight into the tables. */
public final class ReplacementFixtures {

    public record Voter(String number, String gmc, String email) {}

    /**
     * The day a fixture ballot's roll was last passed over, later than any day an application's clock shows (moved
     * clocks included): the column's default, today's UK date, would let a context's clock tick after UK midnight
     * pass over the roll while a test races its own pass. A test wanting the daily pass makes its own ballot.
     */
    static final LocalDate NO_DAILY_ROLL_PASS = LocalDate.of(9999, 12, 31);

    /** More pages than any test's list has: a Next link that never ends fails the test rather than hanging it. */
    private static final int MOST_PAGES = 1_000;

    private final JdbcClient jdbc;

    public ReplacementFixtures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An ACTIVE member since 2015 with a unique number, GMC number and mailbox; a partner at the practice if any. */
    public Voter member(String practiceOds) {
        String number = "R"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
        String email = TestMailbox.uniqueAddress("voter");
        String gmc;
        int added;
        do {
            gmc = String.valueOf(ThreadLocalRandom.current().nextInt(9_100_000, 10_000_000));
            added = jdbc.sql("""
                            insert into membership.member (membership_number, gmc_number, given_name, family_name,
                                email, status, status_since, joined_on, updated_at)
                            values (:number, :gmc, 'Alex', 'Example', :email, 'ACTIVE', date '2015-01-01',
                                date '2015-01-01', now())
                            on conflict do nothing
                            """)
                    .param("number", number)
                    .param("gmc", gmc)
                    .param("email", email)
                    .update();
        } while (added == 0);
        jdbc.sql("""
                        insert into membership.member_status (membership_number, since, status)
                        values (:number, date '2015-01-01', 'ACTIVE')
                        """).param("number", number).update();
        if (practiceOds != null) {
            jdbc.sql("""
                            insert into membership.member_role (membership_number, position, role, practice_ods,
                                role_from)
                            values (:number, 0, 'CONTRACTOR_PARTNER', :practice, date '2016-01-01')
                            """).param("number", number).param("practice", practiceOds).update();
        }
        return new Voter(number, gmc, email);
    }

    /**
     * Deletes every role held at the practice, so its partners are eligible nowhere once the test that made them
     * ends: the tests sharing its database count every eligible member there. Nothing for no practice.
     */
    public void partnersNowhere(String practiceOds) {
        if (practiceOds != null) {
            jdbc.sql("delete from membership.member_role where practice_ods = :practice")
                    .param("practice", practiceOds)
                    .update();
        }
    }

    /** How each of the member's entries on the ballot's roll was added: none if they are not on it. */
    public List<String> addedBy(long ballot, String membershipNumber) {
        return jdbc.sql(
                        "select added_by from ballots.roll_entry where ballot_id = :ballot and membership_number = :member")
                .param("ballot", ballot)
                .param("member", membershipNumber)
                .query(String.class)
                .list();
    }

    /** An OPEN ballot that opened a minute ago, with its roll frozen unless the cut-off is still to come. */
    public long openBallot(Duration closesIn, Duration rollCutoffIn) {
        Instant opens = Instant.now().minusSeconds(60);
        return ballot(opens, Instant.now().plus(closesIn), Instant.now().plus(rollCutoffIn));
    }

    public long ballot(Instant opens, Instant closes, Instant cutoff) {
        boolean frozen = !cutoff.isAfter(Instant.now());
        long id = jdbc.sql("""
                        insert into ballots.ballot (title, question, options, rule_set, opens_at, closes_at,
                            roll_cutoff, scrutineer_name, sender_address, status, created_by, created_at, opened_at,
                            roll_frozen_at, roll_updated_on)
                        values ('Indicative ballot ' || :tag, 'Are you prepared to take action?', array['Yes','No'],
                            'GP_PARTNERS_ENGLAND', :opens, :closes, :cutoff, 'Independent Scrutineer Ltd',
                            'ballots@scrutineer.example', 'OPEN', 'test', now(), :opens, :frozen, :rollUpdatedOn)
                        returning id
                        """)
                .param("tag", UUID.randomUUID().toString().substring(0, 8))
                .param("opens", Timestamp.from(opens))
                .param("closes", Timestamp.from(closes))
                .param("cutoff", Timestamp.from(cutoff))
                .param("frozen", frozen ? Timestamp.from(Instant.now()) : null)
                .param("rollUpdatedOn", Date.valueOf(NO_DAILY_ROLL_PASS))
                .query(Long.class)
                .single();
        TestTrustee.addTo(jdbc, id);
        return id;
    }

    public String title(long ballot) {
        return jdbc.sql("select title from ballots.ballot where id = :id")
                .param("id", ballot)
                .query(String.class)
                .single();
    }

    /** Puts the member on the roll with a live link whose token the test knows. */
    public String enrol(long ballot, Voter voter) {
        return new VotingFixtures(jdbc).credential(ballot, voter.number());
    }

    public long count(String sql, long ballot) {
        return jdbc.sql(sql).param("ballot", ballot).query(Long.class).single();
    }

    public long papers(long ballot) {
        return count("select count(*) from ballots.ballot_paper where ballot_id = :ballot", ballot);
    }

    public long liveCredentials(long ballot, Voter voter) {
        return jdbc.sql("""
                        select count(*) from ballots.credential
                        where ballot_id = :ballot and membership_number = :member and state in ('ACTIVE', 'USED')
                        """)
                .param("ballot", ballot)
                .param("member", voter.number())
                .query(Long.class)
                .single();
    }

    /**
     * Forgets every replacement request counted, against any address or member, so each test starts afresh: the counts
     * per member and per details asked are kept under keyed hashes this cannot work out, so none is singled out.
     */
    public void forgetRequests() {
        jdbc.sql("delete from common.failed_attempt where kind in ('REPLACEMENT_REQUEST', 'REPLACEMENT_FOR_MEMBER',"
                        + " 'REPLACEMENT_ASKED_JUST_NOW')")
                .update();
    }

    /** Waits until every replacement request taken in has been acted on, as the background worker does. */
    public void awaitRequestsActedOn() {
        org.awaitility.Awaitility.await()
                .atMost(TestMailbox.DEFAULT_WAIT)
                .until(() -> jdbc.sql("select count(*) from ballots.replacement_inbox")
                                .query(Long.class)
                                .single()
                        == 0);
    }

    /** Asks for a replacement link for the voter, sent to this address; the answer is the same whatever follows. */
    public static void ask(Http http, Voter voter, String email) {
        Http.Response asked = http.postJson(
                "/api/ballots/replacement-requests",
                Map.of("membershipNumber", voter.number(), "gmcNumber", voter.gmc(), "email", email));
        assertThat(asked.status()).isEqualTo(202);
    }

    /** The voter's request waiting for the scrutineer, once the background worker has put it in the queue. */
    public long waitingRequest(long ballot, Voter voter) {
        return await().atMost(TestMailbox.DEFAULT_WAIT)
                .until(
                        () -> jdbc.sql("""
                                        select id from ballots.replacement_request
                                        where ballot_id = :ballot and membership_number = :member and state = 'WAITING'
                                        """)
                                .param("ballot", ballot)
                                .param("member", voter.number())
                                .query(Long.class)
                                .optional(),
                        Optional::isPresent)
                .orElseThrow();
    }

    /**
     * Every page of the scrutineer's queue, one after another, as following its Next links reads them: other tests'
     * requests, older, may fill the first pages of the shared database's queue.
     */
    public static String wholeQueue(Http staff) {
        return everyPage(staff, "/ballots/replacement-requests");
    }

    /** Every page of the requests already decided, as following its Next links reads them, the latest first. */
    public static String everyDecided(Http staff) {
        return everyPage(staff, "/ballots/replacement-requests/decided");
    }

    private static String everyPage(Http staff, String list) {
        StringBuilder pages = new StringBuilder();
        for (int page = 1; page <= MOST_PAGES; page++) {
            String body = staff.get(list + "?page=" + page).body();
            pages.append(body);
            if (!body.contains("rel=\"next\"")) {
                return pages.toString();
            }
        }
        return fail(
                "%s still links a Next page after page %d, the most everyPage follows (MOST_PAGES)", list, MOST_PAGES);
    }

    /** The scrutineer, having checked the member's details, sends a replacement link to this address. */
    public static void issue(Http scrutineer, long request, String sendTo) {
        scrutineer.get("/ballots/replacement-requests/" + request);
        assertThat(scrutineer
                        .postForm(
                                "/ballots/replacement-requests/" + request + "/issue",
                                Map.of("sendTo", sendTo, "reason", "Checked by telephone with the member"))
                        .status())
                .isEqualTo(302);
    }

    /** The member's registered address, first set in 2015 by an import and now changed by this actor. */
    public String moveAddress(Voter voter, String actor) {
        return moveAddress(voter, actor, Instant.now());
    }

    /** The member's registered address, first set in 2015 by an import and changed by this actor at this time. */
    public String moveAddress(Voter voter, String actor, Instant at) {
        String moved = TestMailbox.uniqueAddress("moved");
        for (Object[] version : List.of(
                new Object[] {Timestamp.valueOf("2015-01-01 09:00:00"), "admin@union.test", voter.email()},
                new Object[] {Timestamp.from(at), actor, moved})) {
            jdbc.sql("""
                            insert into membership.member_version (membership_number, recorded_at, recorded_by, snapshot)
                            values (:number, :at, :actor, jsonb_build_object('email', cast(:email as text)))
                            """)
                    .param("number", voter.number())
                    .param("at", version[0])
                    .param("actor", version[1])
                    .param("email", version[2])
                    .update();
        }
        jdbc.sql("update membership.member set email = :email where membership_number = :number")
                .param("email", moved)
                .param("number", voter.number())
                .update();
        return moved;
    }
}
