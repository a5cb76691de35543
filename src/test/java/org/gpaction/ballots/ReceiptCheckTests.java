package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.gpaction.ballots.PublishedResultFixtures.ClosedBallot;
import org.gpaction.ballots.casting.Casting;
import org.gpaction.ballots.crypto.Hashes;
import org.gpaction.ballots.crypto.Tracker;
import org.gpaction.ballots.crypto.Verifier;
import org.gpaction.ballots.results.Results;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.support.AttemptsFromHere;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.RowsRead;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;

/**
 * The receipt check answers "counted" only for a paper the published record lists as counted: one whose bytes still
 * hash to the receipt and which the count did not spoil. Before publication it tells nothing at all.
 */
@GpActionTest
class ReceiptCheckTests {

    static final String COUNTED = "Your vote was counted";
    static final String SPOILT = "Your ballot paper was received but not counted";
    static final String CHANGED = "Your ballot paper has been changed since you voted";
    static final String NOT_FOUND = "We could not find that receipt";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Results results;

    @Autowired
    Casting casting;

    @Autowired
    Networks networks;

    @Autowired
    WebApplicationContext context;

    @Autowired
    PlatformTransactionManager transactions;

    PublishedResultFixtures fixtures;
    ResultsTestData data;
    AttemptsFromHere attempts;

    @BeforeEach
    void fixtures() {
        fixtures = new PublishedResultFixtures(jdbc, results);
        data = new ResultsTestData(jdbc, new Http(port));
        attempts = new AttemptsFromHere(jdbc, networks);
        forgetReceiptChecks();
    }

    @AfterEach
    void forgetReceiptChecks() {
        attempts.forget("RECEIPT_CHECK");
    }

    @Test
    void onlyAPaperTheRecordListsAsCountedIsAnsweredCounted() throws Exception {
        AtomicReference<String> forged = new AtomicReference<>();
        AtomicReference<String> changedBeforeTheCount = new AtomicReference<>();
        ClosedBallot ballot = fixtures.closed(
                "Receipts against the record",
                id -> {
                    forged.set(forgedPaper(id));
                    changedBeforeTheCount.set(change(id, anyVotersPaper(id, forged.get())));
                },
                6,
                3,
                2);
        assertThat(results.result(ballot.id()).spoilt())
                .as("the count spoilt the forged paper and the one changed before it")
                .isEqualTo(2);
        fixtures.certify(ballot.id(), "");
        publish(ballot.id());
        Http staff = new Http(port);
        staff.signIn(org.gpaction.support.TestAdmin.EMAIL, org.gpaction.support.TestAdmin.PASSWORD);
        assertThat(staff.get("/ballots/" + ballot.id() + "/results").body())
                .as("the scrutineer's and administrators' result page lists the spoilt papers by receipt, with why")
                .contains("Spoilt papers, by receipt")
                .contains(forged.get());
        List<String> intact = ballot.receipts().stream()
                .filter(receipt -> !receipt.equals(changedBeforeTheCount.get()))
                .toList();
        String counted = intact.get(0);
        String changedAfterPublication = change(ballot.id(), intact.get(1));

        Http voter = new Http(port);
        voter.get("/receipts/" + ballot.id());
        assertThat(check(voter, ballot.id(), counted)).contains(COUNTED).contains(counted);
        assertThat(check(voter, ballot.id(), Tracker.hex(Tracker.parse(counted))))
                .as("the record's hex form")
                .contains(COUNTED);
        assertThat(check(voter, ballot.id(), forged.get()))
                .contains(SPOILT)
                .contains("is not in the result")
                .as("the reason the count gave, as tally.json has it")
                .containsPattern("id=\"spoilt-because\">[^<]*fail")
                .contains("Contact the scrutineer, <span>Électoral Scrutineers Ltd")
                .doesNotContain(COUNTED);
        for (String changed : List.of(changedBeforeTheCount.get(), changedAfterPublication)) {
            assertThat(check(voter, ballot.id(), changed))
                    .as(changed)
                    .contains(CHANGED)
                    .contains("Contact the scrutineer, <span>Électoral Scrutineers Ltd")
                    .doesNotContain(COUNTED)
                    .doesNotContain(SPOILT);
        }
        assertThat(check(voter, ballot.id(), "zzzz ".repeat(13)))
                .contains(NOT_FOUND)
                .doesNotContain(COUNTED);
        assertThat(receiptChecksRecorded())
                .as("only the receipt not found counts towards the limit on guesses")
                .isEqualTo(1);

        Path record = Files.createTempFile("receipts-record-", ".zip");
        assertThat(voter.download("/results/" + ballot.id() + "/record.zip", null, record))
                .isEqualTo(200);
        assertThat(Verifier.contains(record, Tracker.parse(counted)))
                .as("answered counted, and in the record")
                .isTrue();
        assertThat(Verifier.contains(record, Tracker.parse(forged.get())))
                .as("spoilt, and in the record (as spoilt)")
                .isTrue();
        assertThat(Verifier.contains(record, Tracker.parse(changedBeforeTheCount.get())))
                .as("changed, and not in the record")
                .isFalse();
        assertThat(Verifier.contains(record, Tracker.parse(changedAfterPublication)))
                .isFalse();
        Files.delete(record);
    }

    @Test
    void aVoterWhosePaperWasCopiedUnderAnotherReceiptIsToldItIsCounted_asTheRecordCountsIt() throws Exception {
        AtomicReference<String> copied = new AtomicReference<>();
        ClosedBallot ballot =
                fixtures.closed("Receipts with a copy", id -> copied.set(copyUnderAnotherReceipt(id)), 3, 2, 1);
        assertThat(results.result(ballot.id()).spoilt())
                .as("one of the two papers with those bytes is spoilt as a copy")
                .isEqualTo(1);
        fixtures.certify(ballot.id(), "");
        publish(ballot.id());

        Http voter = new Http(port);
        voter.get("/receipts/" + ballot.id());
        assertThat(check(voter, ballot.id(), copied.get())).contains(COUNTED).doesNotContain(SPOILT);

        Path record = Files.createTempFile("copied-record-", ".zip");
        assertThat(voter.download("/results/" + ballot.id() + "/record.zip", null, record))
                .isEqualTo(200);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream printed = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        org.gpaction.ballots.crypto.CryptoCommands.run(
                new String[] {"verify", record.toString(), "--tracker", copied.get()}, printed, printed);
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
                .as("the verifier answers as the receipt check does")
                .contains("FOUND   tracker " + copied.get() + ": counted");
        Files.delete(record);
    }

    /**
     * The rows of the papers read are counted in a transaction of the test's own, which the checks join: MockMvc sends
     * them on the test's thread. So only the checks' reads count, not another test's or the application's jobs'
     * meanwhile, and the count can be the one paper each check needs. The papers are analysed first, as autovacuum may
     * do at any time: on a table this small the planner then reads it end to end rather than use the (ballot, tracker)
     * index, every paper of every ballot for each check. Sequential scans are off in the transaction, so the count is
     * of the rows the query needs, not of the planner's choice.
     */
    @Test
    void aSpoiltReceiptCheckedAgainAndAgainReadsOnlyItsOwnPaperEachTime() {
        AtomicReference<String> forged = new AtomicReference<>();
        ClosedBallot ballot =
                fixtures.closed("Receipts checked again and again", id -> forged.set(forgedPaper(id)), 12, 8, 4);
        fixtures.certify(ballot.id(), "");
        publish(ballot.id());
        MockMvc anyone = MockMvcBuilders.webAppContextSetup(context)
                .apply(SecurityMockMvcConfigurers.springSecurity())
                .build();
        int checks = 30;
        jdbc.sql("analyze ballots.ballot_paper").update();

        long read = new TransactionTemplate(transactions).execute(status -> {
            jdbc.sql("set local enable_seqscan = off").update();
            long before = RowsRead.inTransaction(jdbc, "ballots", "ballot_paper");
            for (int i = 0; i < checks; i++) {
                assertThat(checkOnThisThread(anyone, ballot.id(), forged.get()))
                        .as("the spoilt receipt tally.json lists, checked for the %d time", i + 1)
                        .contains(SPOILT);
            }
            return RowsRead.inTransaction(jdbc, "ballots", "ballot_paper") - before;
        });

        assertThat(read)
                .as("the checks' reads were counted in this transaction: the paper each of the %d checks needs", checks)
                .isGreaterThanOrEqualTo(checks);
        assertThat(read)
                .as(
                        "rows of ballots.ballot_paper read by %d checks of a spoilt receipt on a ballot of 13 papers:"
                                + " its own paper each time, not the ballot's papers (reading them all would be %d)",
                        checks, 13 * checks)
                .isLessThanOrEqualTo(checks);
        assertThat(receiptChecksRecorded())
                .as("a receipt found never counts as a guess")
                .isZero();
    }

    @Test
    void aRealReceiptIsAnsweredFromAnAddressPausedForUnknownOnes() {
        ClosedBallot ballot = fixtures.closed("Receipts from a paused address", 3, 2, 1);
        fixtures.certify(ballot.id(), "");
        publish(ballot.id());
        Http voter = new Http(port);
        voter.get("/receipts/" + ballot.id());
        for (int i = 0; i < 20; i++) {
            assertThat(check(voter, ballot.id(), unknownReceipt())).contains(NOT_FOUND);
        }

        Http.Response guess = voter.postForm("/receipts/" + ballot.id(), Map.of("code", unknownReceipt()));
        assertThat(guess.status())
                .as("the address is paused for receipts not found")
                .isEqualTo(429);
        assertThat(check(voter, ballot.id(), ballot.receipts().get(0)))
                .as("a receipt that is found is answered all the same")
                .contains(COUNTED);
        assertThat(receiptChecksRecorded()).isEqualTo(20);
    }

    @Test
    void aReceiptRefusedForTooManyNotFoundSaysInHowManyMinutesToTryAgain_withRetryAfter() {
        ClosedBallot ballot = fixtures.closed("Receipts refused with the wait", 3, 2, 1);
        fixtures.certify(ballot.id(), "");
        publish(ballot.id());
        Http voter = new Http(port);
        voter.get("/receipts/" + ballot.id());
        for (int i = 0; i < 20; i++) {
            assertThat(check(voter, ballot.id(), unknownReceipt())).contains(NOT_FOUND);
        }
        // Tried 10 minutes ago, so the address may try again in 5 of the window's 15.
        attempts.age("RECEIPT_CHECK", Duration.ofMinutes(10));

        Http.Response refused = voter.postForm("/receipts/" + ballot.id(), Map.of("code", unknownReceipt()));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After"))
                .matches("[1-9][0-9]*")
                .satisfies(seconds -> assertThat(Long.parseLong(seconds)).isBetween(240L, 300L));
        assertThat(refused.body().replaceAll("\\s+", " "))
                .contains("Wait 5 minutes and try again")
                .doesNotContain("15 minutes");
    }

    @Test
    void beforePublicationACheckAnswersAsForABallotThatDoesNotExist() {
        VotingFixtures voting = new VotingFixtures(jdbc);
        long open = voting.openBallot(Duration.ofHours(1));
        String cast = casting.cast(voting.credential(open, "RECEIPT-" + UUID.randomUUID()), 0)
                .code();
        String changed = change(
                open,
                casting.cast(voting.credential(open, "RECEIPT-" + UUID.randomUUID()), 1)
                        .code());
        String forgedWhileOpen = forgedPaper(open);

        AtomicReference<String> forgedBeforeTheCount = new AtomicReference<>();
        ClosedBallot certified =
                fixtures.closed("Certified, not published", id -> forgedBeforeTheCount.set(forgedPaper(id)), 3, 1, 1);
        fixtures.certify(certified.id(), "");

        Http anyone = new Http(port);
        Http.Response nowhere = anyone.get("/receipts/999999999");
        assertThat(nowhere.status()).isEqualTo(404);
        Map<Long, List<String>> receipts = Map.of(
                open,
                List.of(cast, changed, forgedWhileOpen, "zzzz ".repeat(13)),
                certified.id(),
                List.of(certified.receipts().get(0), forgedBeforeTheCount.get(), "zzzz ".repeat(13)));
        receipts.forEach((id, codes) -> {
            Http.Response form = anyone.get("/receipts/" + id);
            assertThat(form.status()).isEqualTo(404);
            assertThat(form.body()).isEqualTo(nowhere.body());
            for (String code : codes) {
                anyone.get("/vote");
                Http.Response checked = anyone.postForm("/receipts/" + id, Map.of("code", code));
                assertThat(checked.status()).as(code).isEqualTo(404);
                assertThat(checked.body()).as(code).isEqualTo(nowhere.body());
            }
        });
        assertThat(receiptChecksRecorded()).isZero();
    }

    /** The check sent by MockMvc, so on the test's thread, in the test's transaction if it has one open. */
    private static String checkOnThisThread(MockMvc mvc, long ballot, String code) {
        try {
            MockHttpServletResponse checked = mvc.perform(MockMvcRequestBuilders.post("/receipts/" + ballot)
                            .param("code", code)
                            .with(SecurityMockMvcRequestPostProcessors.csrf()))
                    .andReturn()
                    .getResponse();
            assertThat(checked.getStatus()).as(code).isEqualTo(200);
            return checked.getContentAsString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String check(Http voter, long ballot, String code) {
        Http.Response checked = voter.postForm("/receipts/" + ballot, Map.of("code", code));
        assertThat(checked.status()).as(code).isEqualTo(200);
        return checked.body().replaceAll("\\s+", " ");
    }

    private static String unknownReceipt() {
        byte[] tracker = new byte[32];
        new SecureRandom().nextBytes(tracker);
        return Tracker.grouped(tracker);
    }

    /** A paper stuffed in by someone with the database, whose proofs fail; answers its receipt. */
    private String forgedPaper(long ballot) {
        return Tracker.grouped(Hashes.sha256(TestTrustee.forgedPaper(jdbc, ballot)));
    }

    private String anyVotersPaper(long ballot, String not) {
        byte[] tracker = jdbc.sql("""
                        select tracker from ballots.ballot_paper where ballot_id = :ballot and tracker <> :not
                        order by tracker limit 1
                        """)
                .param("ballot", ballot)
                .param("not", Tracker.parse(not))
                .query(byte[].class)
                .single();
        return Tracker.grouped(tracker);
    }

    /**
     * A byte copy of one voter's paper stuffed in under an unused receipt, as someone with the database might; answers
     * the voter's receipt, which is the SHA-256 of both papers' bytes.
     */
    private String copyUnderAnotherReceipt(long ballot) {
        byte[] tracker =
                jdbc.sql("""
                        select tracker from ballots.ballot_paper where ballot_id = :ballot
                        order by tracker limit 1
                        """).param("ballot", ballot).query(byte[].class).single();
        int copied =
                jdbc.sql("""
                        insert into ballots.ballot_paper (paper_id, ballot_id, encrypted, tracker, cast_on)
                        select gen_random_uuid(), ballot_id, encrypted,
                               sha256(convert_to(cast(gen_random_uuid() as text), 'UTF8')), cast_on
                        from ballots.ballot_paper where ballot_id = :ballot and tracker = :tracker
                        """).param("ballot", ballot).param("tracker", tracker).update();
        assertThat(copied).isEqualTo(1);
        return Tracker.grouped(tracker);
    }

    /** Changes one byte of the paper stored under this receipt, leaving its tracker column; answers the receipt. */
    private String change(long ballot, String receipt) {
        int changed = jdbc.sql("""
                        update ballots.ballot_paper
                        set encrypted = set_byte(encrypted, length(encrypted) - 1,
                                                 get_byte(encrypted, length(encrypted) - 1) # 1)
                        where ballot_id = :ballot and tracker = :tracker
                        """)
                .param("ballot", ballot)
                .param("tracker", Tracker.parse(receipt))
                .update();
        assertThat(changed).isEqualTo(1);
        return receipt;
    }

    private long receiptChecksRecorded() {
        return attempts.count("RECEIPT_CHECK");
    }

    private void publish(long id) {
        Http.Response published = new Http(port).postJson("/api/ballots/" + id + "/publish", "{}", data.adminToken());
        assertThat(published.status()).as(published.body()).isEqualTo(200);
    }
}
