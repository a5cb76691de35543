package org.gpaction.ballots.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ReplacementFixtures;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.ballot.BallotEmails;
import org.gpaction.common.UkTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A ballot the clock first finds late, after the app was down: one whose whole window has passed is never opened
 * (nobody is sent a link to a ballot that has closed); one still open for votes is opened with its roll made as at its
 * cut-off if that has passed. On a database of its own, because an opening emails every eligible member.
 */
class LateOpeningTests extends OpeningByTheClock {

    @Autowired
    PlatformTransactionManager transactions;

    private String practice;

    /** Tests sharing this database count its eligible members: this test's are partners nowhere once it ends. */
    @AfterEach
    void noLongerEligible() {
        if (practice != null) {
            jdbc.sql("delete from membership.member_role where practice_ods = :p")
                    .param("p", practice)
                    .update();
        }
    }

    @Test
    void aBallotWithAKeyFirstFoundAfterItsCloseIsNotOpened_sendsNoLinkAndSaysWhyOnce() {
        Instant now = clock.instant();
        // As after the app was down over the ballot's whole window: opening, cut-off and close all passed.
        long id = ScheduledBallots.insertWithKey(
                jdbc,
                transactions,
                "Window passed while down",
                now.minus(Duration.ofDays(8)),
                now.minus(Duration.ofDays(1)),
                now.minus(Duration.ofDays(8)));

        ticks(id, 2);

        assertThat(statusAndOpening(id)).isEqualTo("SCHEDULED never");
        assertThat(onTheRoll(id)).as("nobody put on the roll").isZero();
        assertThat(links(id)).isZero();
        assertThat(jdbc.sql(
                                "select count(*) from notifications.outbox where category = 'ballot-link' and about = :about")
                        .param("about", BallotEmails.about(id))
                        .query(Long.class)
                        .single())
                .as("no link email queued")
                .isZero();
        assertThat(count(
                        "select count(*) from ballots.ballot_log where ballot_id = :id and action in ('OPENED', 'CLOSED')",
                        id))
                .isZero();
        assertThat(logged(id, "NOT_OPENED", "NOT_OPENED_CLOSED"))
                .as("said once, however many ticks pass")
                .singleElement()
                .asString()
                .contains("its closing time had passed")
                .contains("Nobody was sent a link")
                .contains("Unschedule it");
        assertThat(administration.unschedule(id, "test").status())
                .as("it can be unscheduled, to be given new times")
                .isEqualTo(BallotStatus.DRAFT);
    }

    @Test
    void aBallotWhoseWindowPassesAgainAfterBeingScheduledAgainSaysWhyAgain_onceForThatScheduling() {
        Instant now = clock.instant();
        long id = ScheduledBallots.insertWithKey(
                jdbc,
                transactions,
                "Window passed twice",
                now.minus(Duration.ofDays(8)),
                now.minus(Duration.ofDays(1)),
                now.minus(Duration.ofDays(8)));
        ScheduledBallots.tick(ballotClock, jdbc, id);

        // Unscheduled, given new times and scheduled again; the app is down over the whole of its new window too.
        administration.unschedule(id, "test");
        jdbc.sql(
                        "update ballots.ballot set opens_at = :opens, closes_at = :closes, roll_cutoff = :opens where id = :id")
                .param("opens", Timestamp.from(now.plus(Duration.ofHours(1))))
                .param("closes", Timestamp.from(now.plus(Duration.ofDays(1))))
                .param("id", id)
                .update();
        administration.schedule(id, "test");
        jdbc.sql(
                        "update ballots.ballot set opens_at = :opens, closes_at = :closes, roll_cutoff = :opens where id = :id")
                .param("opens", Timestamp.from(now.minus(Duration.ofDays(2))))
                .param("closes", Timestamp.from(now.minusSeconds(1)))
                .param("id", id)
                .update();
        ticks(id, 3);

        assertThat(schedulingsAndRefusals(id, "NOT_OPENED_CLOSED"))
                .as("said again for the new scheduling, and once only however many ticks pass")
                .containsExactly("NOT_OPENED_CLOSED", "UNSCHEDULED", "SCHEDULED", "NOT_OPENED_CLOSED");
        assertThat(leftShut.why(ballots.find(id).orElseThrow(), clock.instant()))
                .as("the refusal's words send anyone to the log, which says why for this scheduling")
                .hasValueSatisfying(words -> assertThat(words)
                        .startsWith("The clock left this ballot shut, and its log says why; its closing time, "));
    }

    @Test
    void aBallotOpenedAfterItsRollCutoffJudgesEligibilityOnTheCutoffDay() {
        practice = englishGmsPractice();
        ReplacementFixtures fixtures = new ReplacementFixtures(jdbc);
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, UkTime.ZONE);
        // Opening and cut-off at 23:00 yesterday (UK time); the app was down until now, and the close is still ahead.
        Instant cutoff = today.atStartOfDay(UkTime.ZONE).minusHours(1).toInstant();
        Voter partnerAtTheCutoff = fixtures.member(practice);
        Voter partnerFromToday = fixtures.member(practice);
        jdbc.sql("update membership.member_role set role_from = :today where membership_number = :number")
                .param("today", Date.valueOf(today))
                .param("number", partnerFromToday.number())
                .update();
        long id = ScheduledBallots.insertWithKey(
                jdbc, transactions, "Opened late " + UUID.randomUUID(), cutoff, now.plus(Duration.ofDays(3)), cutoff);

        ScheduledBallots.tick(ballotClock, jdbc, id);

        assertThat(status(id)).isEqualTo("OPEN");
        assertThat(onRoll(id, partnerAtTheCutoff))
                .as("a partner at the cut-off")
                .isEqualTo(1);
        assertThat(onRoll(id, partnerFromToday))
                .as("a partner only from the day after the cut-off is not eligible")
                .isZero();
        // Other tests on this database may have left members eligible, so the roll may hold more than this test's one.
        long onTheRoll = onTheRoll(id);
        assertThat(logged(id, "OPENED"))
                .as("the members sent links, in the singular for one")
                .singleElement()
                .isEqualTo("Opened; "
                        + (onTheRoll == 1 ? "1 member sent their link" : onTheRoll + " members sent their links")
                        + ", eligible as at the roll cut-off, " + UkTime.format(cutoff)
                        + ", which had passed");
        assertThat(jdbc.sql("select count(*) from ballots.credential where ballot_id = :id and membership_number = :m")
                        .param("id", id)
                        .param("m", partnerFromToday.number())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private String englishGmsPractice() {
        String ods = "L"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 5).toUpperCase();
        jdbc.sql("""
                        insert into practices.practice (ods_code, name, national_grouping, icb_code, address_lines,
                            postcode, opened_on, status, sub_icb_code, nation, contract_type, updated_at)
                        values (:ods, 'LATE PRACTICE', 'Y63', 'QRC', array['1 ROAD'], 'TS1 1AA', date '1974-04-01',
                            'ACTIVE', 'RC1', 'ENGLAND', 'GMS', now())
                        """).param("ods", ods).update();
        return ods;
    }

    private long onRoll(long ballot, Voter voter) {
        return jdbc.sql("select count(*) from ballots.roll_entry where ballot_id = :b and membership_number = :m")
                .param("b", ballot)
                .param("m", voter.number())
                .query(Long.class)
                .single();
    }
}
