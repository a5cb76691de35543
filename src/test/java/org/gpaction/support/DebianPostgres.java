package org.gpaction.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL 15 server from Debian's {@code postgresql-15} package (the version the production stack runs), in a
 * directory of its own on a free loopback port, with its own {@code pg_dump} and {@code pg_restore}. PostgreSQL will
 * not run as root, so under root (as in CI) the server runs as the package's {@code postgres} user.
 */
public final class DebianPostgres implements AutoCloseable {

    public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    public static final String USER = "postgres";

    private final Path dir;
    private final int port;
    private final String password;

    private DebianPostgres(Path dir, int port, String password) {
        this.dir = dir;
        this.port = port;
        this.password = password;
    }

    public static DebianPostgres start(Path parent) throws IOException, InterruptedException {
        if (!Files.isExecutable(BIN.resolve("postgres")) || !Files.isExecutable(BIN.resolve("pg_dump"))) {
            throw new IllegalStateException(
                    "Debian's PostgreSQL 15 is not installed in " + BIN + ": apt-get install postgresql-15");
        }
        Path dir = Files.createDirectories(parent.resolve("pg15"));
        String password = org.gpaction.common.SecretTokens.generate();
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, password);
        if (asRoot()) {
            run(List.of("chown", "-R", USER, dir.toString()), Map.of());
            run(List.of("chmod", "755", parent.toString()), Map.of());
        }
        Path data = dir.resolve("data");
        runAsServerUser(List.of(
                BIN.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                USER,
                "--auth=scram-sha-256",
                "--pwfile=" + passwordFile,
                "--encoding=UTF8",
                "--locale=C.UTF-8"));
        int port = freePort();
        runAsServerUser(List.of(
                BIN.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-l",
                dir.resolve("server.log").toString(),
                "-o",
                "-p " + port + " -c listen_addresses=localhost -c unix_socket_directories=" + dir,
                "-w",
                "start"));
        DebianPostgres server = new DebianPostgres(dir, port, password);
        server.client("createdb", List.of("gpaction"));
        return server;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/gpaction";
    }

    public String password() {
        return password;
    }

    /** Runs one of the server's client programs (pg_dump, pg_restore, createdb) against this server's gpaction. */
    public void client(String program, List<String> arguments) throws IOException, InterruptedException {
        clientAt(program, port, password, arguments);
    }

    /** Runs one of these client programs against another server on this machine, as its superuser. */
    public static void clientAt(String program, int port, String password, List<String> arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(BIN.resolve(program).toString(), "--host=localhost", "--port=" + port, "--username=" + USER));
        command.addAll(arguments);
        run(command, Map.of("PGPASSWORD", password));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        runAsServerUser(List.of(
                BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"));
    }

    private static void runAsServerUser(List<String> command) throws IOException, InterruptedException {
        if (asRoot()) {
            List<String> asUser = new ArrayList<>(List.of("runuser", "-u", USER, "--"));
            asUser.addAll(command);
            run(asUser, Map.of());
        } else {
            run(command, Map.of());
        }
    }

    private static void run(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
