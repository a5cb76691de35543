package org.gpaction.common.startup;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A JVM that has run out of memory may carry on with threads it needed dead (Tomcat's poller, once), up but answering
 * nothing. Started with {@code -XX:+ExitOnOutOfMemoryError} it exits instead, so its supervisor restarts it; without
 * the flag this says so at start-up, and stops the process itself when a thread dies of it.
 */
@Component
class OutOfMemoryExit {

    static final String FLAG = "ExitOnOutOfMemoryError";
    static final int EXIT_STATUS = 3;

    private static final Logger log = LoggerFactory.getLogger(OutOfMemoryExit.class);

    @EventListener(ApplicationStartedEvent.class)
    void check() {
        if (exitsOnOutOfMemory()) {
            return;
        }
        log.warn(
                "The JVM was started without -XX:+{}: if it runs out of memory it may stay up and answer nothing. "
                        + "Start it with java -XX:+{} -jar gp-action.jar (or set JAVA_TOOL_OPTIONS).",
                FLAG,
                FLAG);
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            if (error instanceof OutOfMemoryError) {
                System.err.println("Out of memory in thread " + thread.getName() + ": stopping so that it restarts");
                Runtime.getRuntime().halt(EXIT_STATUS);
            }
            if (previous != null) {
                previous.uncaughtException(thread, error);
            } else {
                error.printStackTrace();
            }
        });
    }

    static boolean exitsOnOutOfMemory() {
        try {
            return Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption(FLAG)
                    .getValue());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
