package org.gpaction.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.AbstractProtocol;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.SlowUploads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * What a client still sends of a body refused unread is read after its answer ({@link LingeringClose}) by a request
 * thread, so only for a while, and only for so many at once: clients sending refused bodies slowly would otherwise hold
 * every request thread, and the server would answer nothing else. Each client here is refused at once (its body is
 * over the body limit) and goes on sending it a little at a time.
 */
@GpActionTest
class LingeringCloseBoundsTests {

    static final String REFUSED = "POST /api/tokens HTTP/1.1";
    static final Map<String, String> JSON = Map.of("Content-Type", "application/json", "Accept", "application/json");
    static final long LENGTH = 64 * FullSpeedUploads.MEGABYTE;
    static final String START = "{\"email\":\"";

    @LocalServerPort
    int port;

    @Autowired
    WebServerApplicationContext context;

    @Autowired
    RequestLimitsConfiguration.RequestLimits limits;

    /** The bodies read by one test are not left taking the places of the next test's. */
    @AfterEach
    void nothingLeftReading() {
        await("refused bodies still being read")
                .atMost(Duration.ofSeconds(30))
                .until(() -> lingeringClose().underWay() == 0);
    }

    @Test
    void moreSlowRefusedUploadsThanRequestThreadsLeaveTheServerAnswering_thoseOverTheBoundClosedUnread()
            throws Exception {
        int bound = limits.maxLingeringCloses();
        int requestThreads = requestThreads();
        int uploads = requestThreads + 10;
        try (SlowUploads.Trickling slow = SlowUploads.trickle(port, uploads, REFUSED, JSON, LENGTH, START)) {
            await("as many uploads answered as the server has request threads")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> slow.answered() >= requestThreads);

            String liveness = liveness();
            int stillSending = slow.stillSending();

            assertThat(liveness)
                    .as("the liveness probe, sent while %d refused uploads were still sending", uploads)
                    .isEqualTo("200");
            assertThat(stillSending)
                    .as("uploads still sending as the probe was answered")
                    .isPositive();
            await("every upload answered").atMost(Duration.ofSeconds(30)).until(() -> slow.answered() == uploads);
            assertThat(slow.statuses()).containsOnly("413");
            await("the connections over the bound closed")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> slow.closedByTheServer() >= uploads - bound);
            long sent = slow.sentAfterTheAnswers();
            await("the others going on sending")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> slow.sentAfterTheAnswers() > sent);
            assertThat(bound).as("the bound, so that both outcomes are seen").isPositive();
            assertThat(slow.closedByTheServer())
                    .as("closed once answered, unread")
                    .isEqualTo(uploads - bound);
            assertThat(slow.stillSending()).as("read and dropped").isEqualTo(bound);
            assertThat(lingeringClose().underWay()).as("bodies being read").isEqualTo(bound);
        }
    }

    /**
     * Once its time is up, the connection closes, though the client still sends: Tomcat would go on reading (up to
     * server.tomcat.max-swallow-size, each read waiting up to its read timeout), which for a client sending a little
     * at a time is for ever.
     */
    @Test
    void aRefusedUploadStillSendingWhenItsTimeIsUpIsClosed_notReadFurther() throws Exception {
        try (SlowUploads.Trickling slow = SlowUploads.trickle(port, 1, REFUSED, JSON, LENGTH, START)) {
            await("the answer").atMost(Duration.ofSeconds(15)).until(() -> slow.answered() == 1);
            long answered = System.nanoTime();

            await("the connection closed once its time is up")
                    .atMost(LingeringClose.FOR_AT_MOST.plusSeconds(30))
                    .until(() -> slow.closedByTheServer() == 1);

            assertThat(Duration.ofNanos(System.nanoTime() - answered))
                    .as("read and dropped, not closed at once")
                    .isGreaterThanOrEqualTo(LingeringClose.FOR_AT_MOST.minusSeconds(1));
            assertThat(slow.statuses()).containsOnly("413");
        }
    }

    private String liveness() throws IOException, InterruptedException {
        try {
            return String.valueOf(HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/liveness"))
                                    .timeout(Duration.ofSeconds(15))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .statusCode());
        } catch (HttpTimeoutException e) {
            return "no answer within 15 s";
        }
    }

    private Tomcat tomcat() {
        return ((TomcatWebServer) context.getWebServer()).getTomcat();
    }

    private int requestThreads() {
        return ((AbstractProtocol<?>) tomcat().getConnector().getProtocolHandler()).getMaxThreads();
    }

    private LingeringClose lingeringClose() {
        return Arrays.stream(tomcat().getEngine().getPipeline().getValves())
                .filter(LingeringClose.class::isInstance)
                .map(LingeringClose.class::cast)
                .findFirst()
                .orElseThrow();
    }
}
