package org.gpaction.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Requests Tomcat refuses itself, before any filter of ours runs (an encoded slash in the path, a malformed request
 * line), still carry the security headers every other answer has, and say nothing about the server.
 */
@GpActionTest
class ServerErrorHeadersTests {

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(
            strings = {"GET /practices/A%2fB HTTP/1.1", "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1", "GET /a?b=<> HTTP/1.1"
            })
    void aRequestTomcatRefusesCarriesTheSecurityHeaders(String requestLine) throws IOException {
        String answer = send(requestLine);
        String head =
                answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n"))).toLowerCase();

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(head)
                .contains("x-content-type-options: nosniff")
                .contains("x-frame-options: deny")
                .contains("content-security-policy: default-src 'none'")
                .contains("referrer-policy: no-referrer")
                .contains("cache-control: no-store");
        assertThat(answer.toLowerCase()).doesNotContain("apache tomcat").doesNotContain("exception");
    }

    private String send(String requestLine) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            in.transferTo(read);
            return read.toString(StandardCharsets.UTF_8);
        }
    }
}
