package org.gpaction.common.inbox;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * A task run on a thread of its own, soon after it is asked for: asking again while a run is already waiting adds
 * nothing, and a run that fails is logged and left to the next. For the workers that act on a module's inbox.
 */
public final class RunSoon implements AutoCloseable {

    private final Runnable task;
    private final Logger log;
    private final String failure;
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final ScheduledExecutorService thread;

    /** {@code failure} is what the log says when a run fails ("Acting on a request to join failed"). */
    public RunSoon(String threadName, Runnable task, Logger log, String failure) {
        this.task = task;
        this.log = log;
        this.failure = failure;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread worker = new Thread(runnable, threadName);
            worker.setDaemon(true);
            return worker;
        });
    }

    /** Asks for a run after {@code delay}, unless one is already waiting. */
    public void in(Duration delay) {
        if (wanted.compareAndSet(false, true)) {
            thread.schedule(
                    () -> {
                        wanted.set(false);
                        try {
                            task.run();
                        } catch (RuntimeException e) {
                            log.warn("{}; the next run tries again", failure, e);
                        }
                    },
                    delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
