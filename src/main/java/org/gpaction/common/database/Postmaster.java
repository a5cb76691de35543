package org.gpaction.common.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The PostgreSQL server process a data directory's {@code postmaster.pid} names. A process number outlives its
 * process: after a crash or a reboot it may belong to anything, another PostgreSQL on another data directory
 * included, so a process counts as the data directory's postmaster only if it is a postgres started with
 * {@code -D} that directory.
 */
final class Postmaster {

    static final String PID_FILE = "postmaster.pid";

    private Postmaster() {}

    /** The live process whose number the data directory's {@code postmaster.pid} holds, whatever it is. */
    static Optional<ProcessHandle> named(Path pgData) throws IOException {
        Path pidFile = pgData.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        return Files.readAllLines(pidFile).stream()
                .findFirst()
                .map(String::strip)
                .filter(line -> line.matches("\\d{1,18}"))
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                .filter(ProcessHandle::isAlive);
    }

    /** The data directory's own postmaster, if one is running. */
    static Optional<ProcessHandle> runningOn(Path pgData) throws IOException {
        return named(pgData).filter(process -> serves(process, pgData));
    }

    static boolean serves(ProcessHandle process, Path pgData) {
        ProcessHandle.Info info = process.info();
        boolean postgres = info.command()
                .map(command -> Path.of(command).getFileName().toString().startsWith("postgres"))
                .orElse(false);
        List<String> arguments = List.of(info.arguments().orElse(new String[0]));
        int flag = arguments.indexOf("-D");
        return postgres && flag >= 0 && flag + 1 < arguments.size() && sameDirectory(arguments.get(flag + 1), pgData);
    }

    private static boolean sameDirectory(String argument, Path pgData) {
        try {
            return Files.isSameFile(Path.of(argument), pgData);
        } catch (IOException | RuntimeException notThere) {
            return false;
        }
    }

    static boolean ownedByThisUser(ProcessHandle process) {
        Optional<String> us = ProcessHandle.current().info().user();
        return us.isPresent() && us.equals(process.info().user());
    }

    /**
     * Asks the postmaster to shut down (SIGTERM: once its last connection ends) and waits for it, killing it if
     * it has not gone within 30 seconds.
     */
    static void stop(ProcessHandle postmaster) throws IOException {
        postmaster.destroy();
        if (gone(postmaster, 30)) {
            return;
        }
        postmaster.destroyForcibly();
        if (!gone(postmaster, 10)) {
            throw new IOException("PostgreSQL (pid " + postmaster.pid() + ") did not stop when told to");
        }
    }

    private static boolean gone(ProcessHandle process, int seconds) {
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException stillRunning) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (Exception e) {
            return !process.isAlive();
        }
    }
}
