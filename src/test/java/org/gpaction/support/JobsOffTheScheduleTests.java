package org.gpaction.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/**
 * In the contexts on the shared database the jobs whose tests read what one call did, and those that forget rate-limit
 * attempts by age on the real clock, run only when a test calls them; every other job keeps its schedule.
 */
@GpActionTest
class JobsOffTheScheduleTests {

    static final String VOTER_RECORDS = "org.gpaction.ballots.retention.VoterRecords.forgetDue";
    static final String REQUEST_COUNTS = "org.gpaction.capacity.routing.RequestCounts.foldInOldRequests";
    static final String PLEDGES = "org.gpaction.actions.support.PledgeRetention.forgetPledges";
    static final String SPENT_LINKS = "org.gpaction.common.ratelimit.SpentLinkHashes.forgetOld";
    static final String EVENT_REMINDERS = "org.gpaction.events.registration.DayBeforeReminders.sendDue";
    static final String OLD_ATTEMPTS = "org.gpaction.common.ratelimit.FailedAttempts.forgetOldAttempts";
    static final String ATTEMPTS_KEPT_SHORT = ScheduledJobs.ATTEMPTS_KEPT_SHORT;
    static final String AUDIT_LOG = "org.gpaction.membership.members.AuditLog.forgetOldEntries";
    static final String SENT_MAIL = "org.gpaction.notifications.internal.SentMail.forgetSentMail";
    static final String SPENT_LINK_ROWS = "org.gpaction.membership.selfservice.SpentLinks.forgetSpentLinks";
    /** Every minute and quick, so almost never running when looked at: its next run is then in the future. */
    static final String KEPT_RECEIPTS = "org.gpaction.ballots.casting.KeptReceipts.forgetExpired";

    @Autowired
    List<ScheduledTaskHolder> holders;

    @Test
    void theJobsWhoseTestsReadWhatOneCallDidOrThatForgetAttemptsByAgeAreOffTheScheduleAndTheOtherJobsKeepIt() {
        for (String job : List.of(
                VOTER_RECORDS,
                REQUEST_COUNTS,
                PLEDGES,
                SPENT_LINKS,
                EVENT_REMINDERS,
                OLD_ATTEMPTS,
                ATTEMPTS_KEPT_SHORT,
                AUDIT_LOG,
                SENT_MAIL,
                SPENT_LINK_ROWS)) {
            assertThat(nextRuns(job)).as(job).isNotEmpty().allMatch(Optional::isEmpty);
        }
        assertStillScheduled(KEPT_RECEIPTS);
    }

    @Test
    void aJobNotScheduledIsRefusedByNameAndNoJobIsTakenOff() {
        assertThatThrownBy(() ->
                        JobsOffTheSchedule.offTheSchedule(holders, List.of(KEPT_RECEIPTS, "org.gpaction.Nothing.run")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No scheduled job org.gpaction.Nothing.run to take off the schedule")
                .hasMessageContaining(KEPT_RECEIPTS);

        assertStillScheduled(KEPT_RECEIPTS);
    }

    @Test
    void theAttemptsKeptOnlyMinutesAreSweptEveryMinute() {
        // The README promises these rows go about a minute past their time: the sweep's period is part of that promise.
        assertThat(holders.stream()
                        .flatMap(holder -> holder.getScheduledTasks().stream())
                        .map(ScheduledTask::getTask)
                        .filter(task -> task.getRunnable().toString().equals(ATTEMPTS_KEPT_SHORT)))
                .singleElement()
                .isInstanceOfSatisfying(
                        FixedDelayTask.class,
                        task -> assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofMinutes(1)));
    }

    private void assertStillScheduled(String job) {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(nextRuns(job)).isNotEmpty().allMatch(Optional::isPresent));
    }

    private List<Optional<Instant>> nextRuns(String job) {
        return holders.stream()
                .flatMap(holder -> holder.getScheduledTasks().stream())
                .filter(task -> task.getTask().getRunnable().toString().equals(job))
                .map(task -> Optional.ofNullable(task.nextExecution()))
                .toList();
    }
}
