package org.gpaction.ballots.replacement;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.gpaction.ballots.ForgetReplacementRequests;
import org.gpaction.ballots.ReplacementFixtures;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.replacement.ReplacementIntake.ReplacementRequestCommand;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.ScheduledJobs;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Past its network address's limit a replacement request is taken into the inbox only if its numbers match a member and
 * it asks for the registered address; every request is counted for the repeat check. Each case runs in a transaction rolled back at its end, so the inbox is read before the worker could empty it and
 * nothing it counts or takes in is left for other tests.
 */
@GpActionTest
@ExtendWith(ForgetReplacementRequests.class)
class ReplacementAddressLimitTests {

    /** Addresses of the documentation range: no other test sends from them. */
    private static final String BUSY_ADDRESS = "192.0.2.61";

    private static final String QUIET_ADDRESS = "192.0.2.62";

    @Autowired
    ReplacementIntake intake;

    @Autowired
    ReplacementProperties properties;

    @Autowired
    FailedAttempts attempts;

    @Autowired
    AskedDetails askedDetails;

    @Autowired
    Networks networks;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    Clock clock;

    @Autowired
    List<ScheduledTaskHolder> scheduled;

    @Test
    void pastTheAddressLimitAMembersRequestIsTakenIntoTheInbox() {
        Voter member = new ReplacementFixtures(jdbc).member(null);

        ReplacementRequestCommand details =
                new ReplacementRequestCommand(member.number(), member.gmc(), member.email());

        Past past = pastTheLimit(details, () -> intake.request(details, BUSY_ADDRESS));

        assertThat(past.taken()).isEqualTo(ReplacementIntake.Taken.TAKEN);
        assertThat(past.inbox()).as("the member's request, in the inbox").isEqualTo(1);
        assertThat(past.repeatsCounted())
                .as("counted for the repeat check, as under the limit")
                .isEqualTo(1);
        assertThat(past.addressCount()).as("not counted against the address").isEqualTo(limit());
    }

    @Test
    void pastTheAddressLimitARequestMatchingNoMemberIsAnsweredAsTakenAndNotPutInTheInbox() {
        Voter member = new ReplacementFixtures(jdbc).member(null);
        String wrongGmc = member.gmc().equals("7654321") ? "7654322" : "7654321";
        String stranger = TestMailbox.uniqueAddress("stranger");

        for (ReplacementRequestCommand nobody : new ReplacementRequestCommand[] {
            new ReplacementRequestCommand(member.number(), wrongGmc, stranger),
            new ReplacementRequestCommand("M" + (System.nanoTime() % 10_000_000) + "X", "7654323", stranger)
        }) {
            Past past = pastTheLimit(nobody, () -> intake.request(nobody, BUSY_ADDRESS));

            assertThat(past.taken()).isEqualTo(ReplacementIntake.Taken.TAKEN);
            assertThat(past.inbox()).as("nothing in the inbox").isZero();
            assertThat(past.repeatsCounted())
                    .as("counted for the repeat check, as a member's details are")
                    .isEqualTo(1);
            assertThat(past.addressCount()).isEqualTo(limit());
        }
    }

    @Test
    void pastTheAddressLimitTheSameDetailsAgainAreAskedJustNow_andTakenInOnlyOnce() {
        Voter member = new ReplacementFixtures(jdbc).member(null);
        ReplacementRequestCommand details =
                new ReplacementRequestCommand(member.number(), member.gmc(), member.email());

        Past past = pastTheLimit(details, () -> {
            intake.request(details, BUSY_ADDRESS);
            return intake.request(details, BUSY_ADDRESS);
        });

        assertThat(past.taken()).isEqualTo(ReplacementIntake.Taken.ASKED_JUST_NOW);
        assertThat(past.inbox())
                .as("the repeat dropped, so the link sent is not ended")
                .isEqualTo(1);
    }

    /**
     * Details sent past the limit and then again from an address under its limit are answered the same whether or not
     * they match a member: the first is counted for the repeat check whoever it names.
     */
    @Test
    void detailsSentPastTheLimitThenFromAnAddressUnderItAreAnsweredTheSameForAMemberAndANonMember() {
        Voter member = new ReplacementFixtures(jdbc).member(null);
        String wrongGmc = member.gmc().equals("7654321") ? "7654322" : "7654321";
        ReplacementRequestCommand own = new ReplacementRequestCommand(member.number(), member.gmc(), member.email());
        ReplacementRequestCommand nobody = new ReplacementRequestCommand(member.number(), wrongGmc, member.email());

        ReplacementIntake.Taken ownAgain = pastTheLimit(own, () -> {
                    intake.request(own, BUSY_ADDRESS);
                    return intake.request(own, QUIET_ADDRESS);
                })
                .taken();
        ReplacementIntake.Taken nobodyAgain = pastTheLimit(nobody, () -> {
                    intake.request(nobody, BUSY_ADDRESS);
                    return intake.request(nobody, QUIET_ADDRESS);
                })
                .taken();

        assertThat(nobodyAgain).as("the same answer for a non-member's details").isEqualTo(ownAgain);
        assertThat(ownAgain).isEqualTo(ReplacementIntake.Taken.ASKED_JUST_NOW);
    }

    /**
     * Past the limit a member's numbers with an address other than the registered one are dropped, answered and counted
     * as any request is: otherwise one member's two numbers and a new address each time would make, from one address,
     * a request in the inbox, a ballot log entry and a row kept for the scrutineer each time.
     */
    @Test
    void pastTheAddressLimitAMembersNumbersWithAnotherAddressAreAnsweredAsTakenButNotPutInTheInbox() {
        Voter member = new ReplacementFixtures(jdbc).member(null);
        ReplacementRequestCommand elsewhere =
                new ReplacementRequestCommand(member.number(), member.gmc(), TestMailbox.uniqueAddress("elsewhere"));

        Past past = pastTheLimit(elsewhere, () -> intake.request(elsewhere, BUSY_ADDRESS));

        assertThat(past.taken()).isEqualTo(ReplacementIntake.Taken.TAKEN);
        assertThat(past.inbox()).as("nothing in the inbox").isZero();
        assertThat(past.repeatsCounted())
                .as("counted for the repeat check, as any request is")
                .isEqualTo(1);
        assertThat(past.addressCount()).isEqualTo(limit());
    }

    /**
     * The minutely failed-attempt sweep, run as scheduled, forgets repeat-check rows a minute after the repeat window,
     * not at its end: each row's time is the clock of the instance that wrote it, and one whose clock runs a little
     * ahead would otherwise lose rows still inside the window. Rolled back, so no other test's rows are forgotten for
     * good.
     */
    @Test
    void repeatChecksAreForgottenAMinutePastTheRepeatWindowAndNotBefore() {
        String subject = "repeat check " + UUID.randomUUID();
        Instant keptSince = clock.instant().minus(properties.repeatWindow().plusMinutes(1));
        new TransactionTemplate(transactionManager).executeWithoutResult(rolledBack -> {
            rolledBack.setRollbackOnly();
            repeatCheck(subject + " just inside", keptSince.plusSeconds(10));
            repeatCheck(subject + " just outside", keptSince.minusSeconds(10));

            ScheduledJobs.runOnce(scheduled, ScheduledJobs.ATTEMPTS_KEPT_SHORT);

            assertThat(jdbc.sql("""
                            select subject from common.failed_attempt
                            where kind = 'REPLACEMENT_ASKED_JUST_NOW' and subject like :subject
                            """)
                            .param("subject", subject + "%")
                            .query(String.class)
                            .list())
                    .containsExactly(subject + " just inside");
        });
    }

    private void repeatCheck(String subject, Instant at) {
        jdbc.sql(
                        "insert into common.failed_attempt (kind, subject, at) values ('REPLACEMENT_ASKED_JUST_NOW', :subject, :at)")
                .param("subject", subject)
                .param("at", Timestamp.from(at))
                .update();
    }

    private record Past(ReplacementIntake.Taken taken, long inbox, long repeatsCounted, long addressCount) {}

    /**
     * What asking with these details does from an address at its limit, read inside the transaction it is then rolled
     * back in: the details' rows in the inbox, the repeat checks counted for them, and the address's count.
     */
    private Past pastTheLimit(ReplacementRequestCommand details, Supplier<ReplacementIntake.Taken> ask) {
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        return transaction.execute(status -> {
            status.setRollbackOnly();
            for (int i = 0; i < limit(); i++) {
                attempts.record(ReplacementIntake.Kind.REPLACEMENT_REQUEST, BUSY_ADDRESS);
            }
            ReplacementIntake.Taken taken = ask.get();
            return new Past(
                    taken,
                    jdbc.sql("select count(*) from ballots.replacement_inbox where membership_number = :number")
                            .param("number", details.membershipNumber())
                            .query(Long.class)
                            .single(),
                    count(
                            "REPLACEMENT_ASKED_JUST_NOW",
                            askedDetails.of(details.membershipNumber(), details.gmcNumber(), details.email())),
                    count("REPLACEMENT_REQUEST", networks.fingerprint(BUSY_ADDRESS)));
        });
    }

    private long count(String kind, String subject) {
        return jdbc.sql("select count(*) from common.failed_attempt where kind = :kind and subject = :subject")
                .param("kind", kind)
                .param("subject", subject)
                .query(Long.class)
                .single();
    }

    private int limit() {
        return properties.requestsPerAddress();
    }
}
