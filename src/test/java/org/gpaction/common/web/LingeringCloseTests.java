package org.gpaction.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.apache.coyote.ActionHook;
import org.junit.jupiter.api.Test;

/**
 * What a refused client still sends after its answer is read and dropped, so that the connection is not closed under
 * it, but not for ever. UploadRefusedForTheDiskFloorTests and UploadRefusalTests send real bodies to the server;
 * LingeringCloseBoundsTests sends them slowly, and more at once than it reads.
 */
class LingeringCloseTests {

    @Test
    void aBodyThatEndsIsReadToItsEnd() throws Exception {
        AtomicInteger reads = new AtomicInteger();

        long dropped = LingeringClose.drop(() -> reads.incrementAndGet() <= 50 ? 65_536 : -1, Duration.ofSeconds(30));

        assertThat(dropped).isEqualTo(50L * 65_536);
    }

    @Test
    void aClientThatNeverStopsSendingIsReadNoLongerThanTheBound() {
        long started = System.nanoTime();

        long dropped = assertTimeoutPreemptively(
                Duration.ofSeconds(20), () -> LingeringClose.drop(() -> 65_536, Duration.ofMillis(500)));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(dropped).isPositive();
    }

    /**
     * With a bound of 0, every refusal is closed once answered, unread: the valve tells Tomcat not to read what is left
     * (it would read up to server.tomcat.max-swallow-size), and reads none itself (this request has no body to read: a
     * read would fail the test). A request not refused is left alone.
     */
    @Test
    void withABoundOf0ARefusalIsClosedOnceAnswered_unreadAndCounted() throws Exception {
        LingeringClose valve = new LingeringClose(0);

        List<ActionCode> refused = answer(valve, true);
        List<ActionCode> taken = answer(valve, false);

        assertThat(refused)
                .as("what the valve asked of Tomcat for a refusal")
                .contains(ActionCode.DISABLE_SWALLOW_INPUT);
        assertThat(taken).as("for a request not refused").doesNotContain(ActionCode.DISABLE_SWALLOW_INPUT);
        assertThat(valve.closedUnread()).as("refusals closed unread, counted").isEqualTo(1);
        assertThat(valve.underWay()).as("bodies being read").isZero();
    }

    /** Passes a request through the valve to an application that refuses it or not; what the valve asked of Tomcat. */
    private static List<ActionCode> answer(LingeringClose valve, boolean refuse) throws Exception {
        List<ActionCode> asked = new CopyOnWriteArrayList<>();
        org.apache.coyote.Request coyote = new org.apache.coyote.Request();
        // Tomcat's processor hears what a request asks of the connection; only it may listen, so the test listens in.
        Method hook = org.apache.coyote.Request.class.getDeclaredMethod("setHook", ActionHook.class);
        hook.setAccessible(true);
        hook.invoke(coyote, (ActionHook) (code, param) -> asked.add(code));
        valve.setNext(new ValveBase() {
            @Override
            public void invoke(Request request, Response response) throws IOException {
                if (refuse) {
                    LingeringClose.afterTheAnswer(request);
                }
            }
        });
        valve.invoke(new Request(new Connector(), coyote), new Response(new org.apache.coyote.Response()));
        return asked;
    }
}
