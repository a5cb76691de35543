package org.gpaction.support;

import java.util.Collection;
import java.util.List;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/**
 * Runs a scheduled job once, now, on the calling thread (so inside any transaction the test holds), as its schedule
 * would: a test in another package drives a job whose method is package-private by its name, class and method as
 * {@code @Scheduled} names them, as {@link JobsOffTheSchedule} does. A job taken off the schedule is still found.
 */
public final class ScheduledJobs {

    /** The sweep that forgets the attempt kinds kept only minutes, each by its own retention. */
    public static final String ATTEMPTS_KEPT_SHORT =
            "org.gpaction.common.ratelimit.FailedAttempts.forgetKindsKeptShort";

    private ScheduledJobs() {}

    public static void runOnce(Collection<ScheduledTaskHolder> holders, String job) {
        List<Runnable> jobs = holders.stream()
                .flatMap(holder -> holder.getScheduledTasks().stream())
                .map(task -> task.getTask().getRunnable())
                .toList();
        List<Runnable> found = jobs.stream()
                .filter(runnable -> runnable.toString().equals(job))
                .toList();
        if (found.size() != 1) {
            throw new IllegalArgumentException("Expected one scheduled job " + job + ", found " + found.size()
                    + " among " + jobs.stream().map(Object::toString).sorted().toList());
        }
        found.get(0).run();
    }
}
