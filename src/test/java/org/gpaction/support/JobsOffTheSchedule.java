package org.gpaction.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/**
 * Takes the scheduled jobs named in {@value #PROPERTY} (class and method, as {@code @Scheduled} names them) off the
 * schedule of a test application context once it has started: they run only when a test calls them. Every context on
 * the shared test database takes off {@link #COUNTED_BY_TESTS} unless it names its own list. Their tests assert exactly
 * what one call did (how many ballots it forgot, how many requests it folded, which pledges and spent links it deleted,
 * which reminders it queued) to rows a scheduled run, in any of those contexts on the one database, could take first:
 * each claims its rows with SKIP LOCKED, so a call from a test passes over rows a scheduled run holds, and a test
 * reading them at once finds them as they were; a scheduled event reminder could even go before the test's call.
 * The next two forget rate-limit attempts by age on the real clock, in every context: once the days the capacity
 * tests set their clocks to (January to March 2027) are past, a run in another context would delete the attempts a
 * test had just recorded on such a day, and its count would come up short. The audit log's, the outbox's and the
 * spent links' clean-ups first run 20 and 25 minutes after a context starts, inside a run of the suite, and delete by
 * age on that context's clock whatever any test left on the one database (an audit entry, a sent message or a spent
 * link a test is about to read); their own tests call them in a transaction they roll back. No test waits for any of
 * them to run by itself.
 */
public class JobsOffTheSchedule implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String PROPERTY = "gpaction.test.jobs-off-the-schedule";

    static final List<String> COUNTED_BY_TESTS = List.of(
            "org.gpaction.ballots.retention.VoterRecords.forgetDue",
            "org.gpaction.capacity.routing.RequestCounts.foldInOldRequests",
            "org.gpaction.actions.support.PledgeRetention.forgetPledges",
            "org.gpaction.common.ratelimit.SpentLinkHashes.forgetOld",
            "org.gpaction.events.registration.DayBeforeReminders.sendDue",
            "org.gpaction.common.ratelimit.FailedAttempts.forgetOldAttempts",
            "org.gpaction.common.ratelimit.FailedAttempts.forgetKindsKeptShort",
            "org.gpaction.membership.members.AuditLog.forgetOldEntries",
            "org.gpaction.notifications.internal.SentMail.forgetSentMail",
            "org.gpaction.membership.selfservice.SpentLinks.forgetSpentLinks");

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        List<String> byDefault = environment.getPropertySources().contains(SharedTestDatabase.PROPERTY_SOURCE)
                ? COUNTED_BY_TESTS
                : List.of();
        List<String> jobs =
                List.of(environment.getProperty(PROPERTY, String[].class, byDefault.toArray(String[]::new)));
        if (!jobs.isEmpty()) {
            // Ready comes after the refresh that schedules them, long before the first of them is due.
            context.addApplicationListener(event -> {
                if (event instanceof ApplicationReadyEvent) {
                    offTheSchedule(
                            context.getBeansOfType(ScheduledTaskHolder.class).values(), jobs);
                }
            });
        }
    }

    /** Cancels every scheduled run of the jobs named, or none when one of them is not scheduled here. */
    public static void offTheSchedule(Collection<ScheduledTaskHolder> holders, List<String> jobs) {
        Map<String, List<ScheduledTask>> scheduled = new TreeMap<>();
        holders.stream()
                .flatMap(holder -> holder.getScheduledTasks().stream())
                .forEach(task -> scheduled
                        .computeIfAbsent(task.getTask().getRunnable().toString(), job -> new ArrayList<>())
                        .add(task));
        for (String job : jobs) {
            if (!scheduled.containsKey(job)) {
                throw new IllegalArgumentException("No scheduled job " + job + " to take off the schedule (" + PROPERTY
                        + "); name a class and method as scheduled: " + String.join(", ", scheduled.keySet()));
            }
        }
        jobs.forEach(job -> scheduled.get(job).forEach(task -> task.cancel(false)));
    }
}
