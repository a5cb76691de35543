package org.gpaction.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.gpaction.GpActionApplication;

/**
 * The application in a JVM of its own, for a test that kills it mid-run or bounds its heap. It listens on a port
 * the operating system picks when Tomcat binds, read back from its log: a port found free beforehand can be
 * taken by the embedded PostgreSQL the application starts before Tomcat binds, which made such tests fail now
 * and then. If the application stops or does not answer in time, the failure carries the end of its log.
 */
public final class ChildApplication implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+) \\(http\\)");
    private static final Duration STARTUP = Duration.ofMinutes(3);

    /**
     * For a child started to be killed, not to do long work: the JIT's quick tier alone starts the application
     * sooner on two cores, where the optimising compiler's threads otherwise compete with the start itself.
     */
    public static final String QUICK_START = "-XX:TieredStopAtLevel=1";

    private final Process process;
    private final Path log;
    private final int port;

    private ChildApplication(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the application with the given JVM options and application arguments and returns once it answers
     * its health check. It keeps its own database and mailbox, not the tests' shared ones.
     */
    public static ChildApplication start(List<String> jvmOptions, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), GpActionApplication.class.getName()));
        command.addAll(List.of(
                "--server.port=0", "--gpaction.test.shared-database=false", "--gpaction.test.shared-mailbox=false"));
        command.addAll(arguments);
        Path log = Files.createTempFile("gpaction-child-", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean started = false;
        try {
            int port = awaitPort(process, log);
            Http http = new Http(port);
            try {
                await().atMost(STARTUP)
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> stillRunning(process, log) && answersHealthCheck(http));
            } catch (ConditionTimeoutException notAnswering) {
                throw new AssertionError(
                        "The application did not answer its health check within " + STARTUP + tail(log));
            }
            started = true;
            return new ChildApplication(process, log, port);
        } finally {
            if (!started) {
                process.destroyForcibly();
            }
        }
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The end of what the application has printed, for a failure message. */
    public String logTail() {
        return tail(log);
    }

    /** Kills the application at once (SIGKILL), as a crash would, and waits until it has gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** All the application has printed so far. */
    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.ISO_8859_1);
    }

    /** Waits for the application to stop by itself, failing with the end of its log if it has not within the time. */
    public int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("The application was still running after " + within + tail(log));
        }
        return process.exitValue();
    }

    /** Asks the application to shut down (SIGTERM) and waits until it has. */
    public void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private static int awaitPort(Process process, Path log) {
        try {
            return await().atMost(STARTUP)
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () -> stillRunning(process, log) ? port(log) : Optional.<Integer>empty(),
                            Optional::isPresent)
                    .orElseThrow();
        } catch (ConditionTimeoutException notStarted) {
            throw new AssertionError("The application did not start listening within " + STARTUP + tail(log));
        }
    }

    private static boolean answersHealthCheck(Http http) {
        try {
            return http.get("/actuator/health").status() == 200;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private static boolean stillRunning(Process process, Path log) {
        if (!process.isAlive()) {
            throw new AssertionError("The application stopped with exit code " + process.exitValue() + tail(log));
        }
        return true;
    }

    private static Optional<Integer> port(Path log) throws IOException {
        Matcher started = STARTED.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
        return started.find() ? Optional.of(Integer.parseInt(started.group(1))) : Optional.empty();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return "\n--- the application's log, last lines ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException unreadable) {
            return "\n(its log " + log + " could not be read: " + unreadable.getMessage() + ")";
        }
    }
}
