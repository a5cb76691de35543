package org.gpaction.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * GP Action behind the README's HAProxy, which ends TLS and adds {@code X-Forwarded-For} and {@code X-Forwarded-Proto}
 * to each request it passes on from this machine: redirects stay on the address the browser used, pages sent over
 * HTTPS tell the browser to keep to HTTPS, and only the proxy is believed about who sent a request.
 */
@GpActionTest
class BehindAProxyTests {

    static final String STRICT_TRANSPORT_SECURITY = "strict-transport-security";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Networks networks;

    @Test
    void redirectsNeverSendTheBrowserToPlainHttpWhetherOrNotTheProxySaysTheRequestCameOverHttps() {
        for (Map<String, String> proxyHeaders : List.of(
                Map.of("X-Forwarded-For", "203.0.113.20", "X-Forwarded-Proto", "https"),
                Map.of("X-Forwarded-For", "203.0.113.21"))) {
            Http browser = Http.throughProxy(port, proxyHeaders);

            Http.Response toSignIn = browser.get("/account");
            assertThat(toSignIn.status()).as("%s", proxyHeaders).isEqualTo(302);
            assertThat(toSignIn.header("location"))
                    .as("the way to the sign-in page, through a proxy adding %s", proxyHeaders)
                    .endsWith("/sign-in")
                    .doesNotStartWith("http:");

            browser.get("/sign-in");
            Http.Response signedIn =
                    browser.postForm("/sign-in", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD));
            assertThat(signedIn.status()).as("%s", proxyHeaders).isEqualTo(302);
            assertThat(signedIn.header("location"))
                    .as("where signing in leads, through a proxy adding %s", proxyHeaders)
                    .doesNotStartWith("http:");
            if (proxyHeaders.containsKey("X-Forwarded-Proto")) {
                assertThat(signedIn.header("set-cookie"))
                        .as("the signed-in session's cookie, which the browser then sends over HTTPS only")
                        .contains("GPACTION_SESSION=")
                        .containsIgnoringCase("; Secure");
            }
        }
    }

    @Test
    void pagesTheProxySaysCameOverHttpsTellTheBrowserToKeepToHttpsAndPlainHttpOnesDoNot() {
        Http.Response overHttps = Http.throughProxy(
                        port, Map.of("X-Forwarded-For", "203.0.113.22", "X-Forwarded-Proto", "https"))
                .get("/sign-in");
        assertThat(overHttps.status()).isEqualTo(200);
        assertThat(overHttps.header(STRICT_TRANSPORT_SECURITY)).startsWith("max-age=31536000");

        Http.Response overHttp = Http.throughProxy(
                        port, Map.of("X-Forwarded-For", "203.0.113.23", "X-Forwarded-Proto", "http"))
                .get("/sign-in");
        assertThat(overHttp.status()).isEqualTo(200);
        assertThat(overHttp.header(STRICT_TRANSPORT_SECURITY)).isNull();
        assertThat(new Http(port).get("/sign-in").header(STRICT_TRANSPORT_SECURITY))
                .as("straight to the application, by plain HTTP")
                .isNull();
    }

    /**
     * Anyone else on the proxy's network (a private range, or a unique local IPv6 one) could otherwise send a fresh
     * {@code X-Forwarded-For} with each try and be counted as a new address every time.
     */
    @Test
    void aForwardedAddressIsBelievedFromTheProxyOnThisMachineButNotFromAnyOtherAddress() throws IOException {
        InetAddress other = anAddressOfThisMachineOtherThanLoopback();
        // Without its interface's name, as the application sees it.
        String otherAddress = InetAddress.getByAddress(other.getAddress()).getHostAddress();
        String fromProxy = "198.51.100." + ThreadLocalRandom.current().nextInt(1, 200);
        String forged = "198.51.100." + ThreadLocalRandom.current().nextInt(200, 255);
        try {
            assertThat(unknownPasswordLink(InetAddress.getLoopbackAddress(), fromProxy))
                    .as("an unknown link through the proxy")
                    .isEqualTo(404);
            assertThat(triesCountedAgainst(fromProxy))
                    .as("counted against the address the proxy on this machine forwarded")
                    .isOne();

            long before = triesCountedAgainst(otherAddress);
            assertThat(unknownPasswordLink(other, forged)).isEqualTo(404);
            assertThat(triesCountedAgainst(forged))
                    .as("nothing counted against the address %s claimed to forward for", otherAddress)
                    .isZero();
            assertThat(triesCountedAgainst(otherAddress))
                    .as("counted against %s, which sent it", otherAddress)
                    .isEqualTo(before + 1);
        } finally {
            for (String address : List.of(fromProxy, forged, otherAddress)) {
                jdbc.sql("delete from common.failed_attempt where kind = :kind and subject = :subject")
                        .param("kind", "PASSWORD_LINK_ADDRESS")
                        .param("subject", networks.fingerprint(address))
                        .update();
            }
        }
    }

    private long triesCountedAgainst(String address) {
        return jdbc.sql("select count(*) from common.failed_attempt where kind = :kind and subject = :subject")
                .param("kind", "PASSWORD_LINK_ADDRESS")
                .param("subject", networks.fingerprint(address))
                .query(Long.class)
                .single();
    }

    /** Opens an unknown password link from {@code from}, saying it forwards for {@code forwardedFor}; the status. */
    private int unknownPasswordLink(InetAddress from, String forwardedFor) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(from, port), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /account/password/" + SecretTokens.generate() + " HTTP/1.1\r\n"
                            + "Host: localhost:" + port + "\r\n"
                            + "Accept: text/html\r\n"
                            + "X-Forwarded-For: " + forwardedFor + "\r\n"
                            + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(answer.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
        }
    }

    /**
     * An address of this machine the application listens on that is not loopback: a private or unique local one if it
     * has one, as those are where a proxy's neighbours would send from.
     */
    private static InetAddress anAddressOfThisMachineOtherThanLoopback() throws SocketException {
        List<InetAddress> addresses = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .sorted(Comparator.comparing(address -> !isPrivate(address)))
                .toList();
        Assumptions.assumeFalse(addresses.isEmpty(), "this machine has no address but loopback to send from");
        return addresses.get(0);
    }

    private static boolean isPrivate(InetAddress address) {
        return address.isSiteLocalAddress()
                || (address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc);
    }
}
