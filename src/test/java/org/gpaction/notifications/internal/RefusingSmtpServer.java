package org.gpaction.notifications.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SMTP server that refuses every recipient as Postfix does an unknown one, quoting the address in its answer
 * ("550 5.1.1 &lt;address&gt;: Recipient address rejected"). GreenMail accepts any recipient, so it cannot stand in
 * for a real server's refusal. One connection at a time, which is all one dispatcher opens. {@link #refusing}
 * refuses only the addresses given and takes the messages to the others, keeping the connection open. {@link
 * #droppingAfterData()} instead takes every recipient and drops the connection once it has a message's data, before
 * answering: a server that may have taken the message, whose answer was lost.
 */
final class RefusingSmtpServer implements AutoCloseable {

    private static final Pattern RCPT = Pattern.compile("RCPT TO:\\s*<([^>]*)>.*", Pattern.CASE_INSENSITIVE);

    private final ServerSocket socket;
    private final Thread thread;

    private final boolean dropAfterData;
    /** The addresses refused; null for every one. */
    private final Set<String> refused;

    RefusingSmtpServer() throws IOException {
        this(false, null);
    }

    static RefusingSmtpServer droppingAfterData() throws IOException {
        return new RefusingSmtpServer(true, Set.of());
    }

    static RefusingSmtpServer refusing(String... addresses) throws IOException {
        return new RefusingSmtpServer(false, Set.of(addresses));
    }

    private RefusingSmtpServer(boolean dropAfterData, Set<String> refused) throws IOException {
        this.dropAfterData = dropAfterData;
        this.refused = refused;
        socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "refusing-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                converse(client);
            } catch (IOException closedOrDropped) {
                // The next connection, or the end once the socket is closed.
            }
        }
    }

    private void converse(Socket client) throws IOException {
        BufferedReader in =
                new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = client.getOutputStream();
        answer(out, "220 refusing.test ESMTP");
        String line;
        boolean data = false;
        while ((line = in.readLine()) != null) {
            String command = line.toUpperCase(Locale.ROOT);
            Matcher rcpt = RCPT.matcher(line);
            if (data) {
                if (line.equals(".")) {
                    if (dropAfterData) {
                        return;
                    }
                    data = false;
                    answer(out, "250 OK queued");
                }
            } else if (command.startsWith("DATA")) {
                data = true;
                answer(out, "354 End data with <CR><LF>.<CR><LF>");
            } else if (command.startsWith("QUIT")) {
                answer(out, "221 Bye");
                return;
            } else if (rcpt.matches() && (refused == null || refused.contains(rcpt.group(1)))) {
                answer(out, "550 5.1.1 <" + rcpt.group(1) + ">: Recipient address rejected: User unknown");
            } else {
                answer(out, "250 OK");
            }
        }
    }

    private static void answer(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws Exception {
        socket.close();
        thread.join(5_000);
    }
}
