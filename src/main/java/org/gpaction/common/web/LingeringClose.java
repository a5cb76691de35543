package org.gpaction.common.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.net.ApplicationBufferHandler;

/**
 * A body refused unread ({@link UnreadBodies}: an upload refused for its size or the disk, a caller refused for who it
 * is) is read and dropped once its answer has gone, for a while, before the connection closes, as nginx's lingering
 * close does. A client may still be sending it when the answer comes, and some read the answer only once they have
 * sent it all (java.net.HttpURLConnection in streaming mode, Python's urllib): Tomcat would read only
 * server.tomcat.max-swallow-size of it and close the connection under such a client, whose next write then fails, its
 * answer unread. The answer goes first, whole, so a client that has stopped sending has it at once. Not for a client
 * that asked before sending ({@code Expect: 100-continue}): it is never told to go on once refused, so sends nothing
 * more, and Tomcat closes its connection at once.
 * <p>
 * Each holds a request thread while it reads, so only {@code atOnce} read at a time (gpaction.web.max-lingering-closes):
 * clients sending refused bodies slowly would otherwise hold every request thread, and the server would answer nothing
 * else. A refusal past them is answered and its connection closed at once, unread, as a refusal after the time is: a
 * client still sending may then get a reset instead of the answer. So many refusals at once come from an attack, or from
 * uploads made while the disk is under its free-space floor, when every upload is refused: then some of the people
 * uploading lose their answer to a reset. Each is counted (gpaction.web.refusals.closed.unread), so that an operator
 * sees it.
 * <p>
 * A valve on the engine, below the servlet API: Tomcat closes a request's stream once its answer has been written to
 * its length, so nothing in the application can read the body after the answer.
 */
final class LingeringClose extends ValveBase {

    /**
     * How long what a refused client still sends is read at most, besides the wait for a read under way (the
     * connector's read timeout: Tomcat lets nothing outside it shorten a read's wait).
     */
    static final Duration FOR_AT_MOST = Duration.ofSeconds(30);

    private static final String REFUSED = LingeringClose.class.getName() + ".refused";

    private final int atOnce;
    private final Semaphore reading;
    private final LongAdder closedUnread = new LongAdder();

    LingeringClose(int atOnce) {
        super(true);
        this.atOnce = atOnce;
        this.reading = new Semaphore(atOnce);
    }

    /** For a refusal answered without reading the body: what the client still sends is dropped after the answer. */
    static void afterTheAnswer(HttpServletRequest request) {
        request.setAttribute(REFUSED, Boolean.TRUE);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        getNext().invoke(request, response);
        if (request.getAttribute(REFUSED) == null
                || request.isAsync()
                || request.getCoyoteRequest().hasExpectation()) {
            return;
        }
        org.apache.coyote.Request body = request.getCoyoteRequest();
        if (!reading.tryAcquire()) {
            closedUnread.increment();
            closeUnread(body);
            return;
        }
        Dropped dropped = new Dropped();
        try {
            response.finishResponse();
            drop(() -> body.doRead(dropped), FOR_AT_MOST);
        } catch (IOException gone) {
            // The client closed the connection, or sent nothing for the connector's read timeout.
        } finally {
            reading.release();
            closeUnread(body);
        }
    }

    /**
     * Tomcat would otherwise read what is left of the body, up to server.tomcat.max-swallow-size, before it closes the
     * connection, each read waiting up to the connector's read timeout: for a client sending a byte at a time, for
     * hours. It closes it once the answer is written, as it does for an upload the application gave up on.
     */
    private static void closeUnread(org.apache.coyote.Request body) {
        body.action(ActionCode.DISABLE_SWALLOW_INPUT, null);
    }

    /** How many refusals have been closed once answered, unread, as {@code atOnce} bodies were being read already. */
    long closedUnread() {
        return closedUnread.sum();
    }

    /** How many refused bodies are being read now. */
    int underWay() {
        return atOnce - reading.availablePermits();
    }

    /** One read of the body: the bytes read, or -1 at its end. */
    interface Read {
        int next() throws IOException;
    }

    /** Reads until the body ends or {@code within} has passed; returns the bytes read. */
    static long drop(Read read, Duration within) throws IOException {
        long until = System.nanoTime() + within.toNanos();
        long dropped = 0;
        for (int n = read.next(); n >= 0; n = read.next()) {
            dropped += n;
            if (System.nanoTime() - until >= 0) {
                break;
            }
        }
        return dropped;
    }

    /** Where Tomcat hands over each read: looked at no further. */
    private static final class Dropped implements ApplicationBufferHandler {

        private ByteBuffer buffer = ApplicationBufferHandler.EMPTY_BUFFER;

        @Override
        public void setByteBuffer(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public ByteBuffer getByteBuffer() {
            return buffer;
        }

        @Override
        public void expand(int size) {
            // Nothing is kept.
        }
    }
}
