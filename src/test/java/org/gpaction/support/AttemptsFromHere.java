package org.gpaction.support;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gpaction.common.ratelimit.Networks;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The failed attempts counted against the address the tests send from: {@link Http} connects to localhost, which Java
 * takes as 127.0.0.1, so every test's tries count against that one address. A test that needs the address unpaused,
 * or counts what it tried, forgets its kinds there before and after, and leaves other addresses' tries, and other
 * kinds, to the tests that made them. A browser opens {@link #site} to be at the same address; one that opens
 * localhost instead tries from ::1, the other loopback address, whose tries are forgotten with these.
 */
public final class AttemptsFromHere {

    public static final String ADDRESS = "127.0.0.1";

    /** Where Chromium connects to localhost from. */
    private static final String IPV6_LOOPBACK = "::1";

    /**
     * The running application as a browser reaches it from this address: Chromium connects to localhost from ::1,
     * another address than the one {@link Http} sends from, so a page it opened there would not be paused.
     */
    public static String site(int port) {
        return "http://" + ADDRESS + ":" + port;
    }

    private final JdbcClient jdbc;
    private final String subject;
    private final String ipv6LoopbackSubject;

    public AttemptsFromHere(JdbcClient jdbc, Networks networks) {
        this.jdbc = jdbc;
        this.subject = networks.fingerprint(ADDRESS);
        this.ipv6LoopbackSubject = networks.fingerprint(IPV6_LOOPBACK);
    }

    /** Forgets the tries of these kinds counted against this address, and against ::1 (a browser opening localhost). */
    public void forget(String... kinds) {
        jdbc.sql("delete from common.failed_attempt where kind in (:kinds) and subject in (:subjects)")
                .param("kinds", List.of(kinds))
                .param("subjects", List.of(subject, ipv6LoopbackSubject))
                .update();
    }

    /**
     * Moves the tries of this kind counted against this address back by {@code by}, as if made that long before: for a
     * test of the wait a refusal tells.
     */
    public void age(String kind, Duration by) {
        jdbc.sql("""
                        update common.failed_attempt set at = at - :seconds * interval '1 second'
                        where kind = :kind and subject = :subject
                        """)
                .param("seconds", by.toSeconds())
                .param("kind", kind)
                .param("subject", subject)
                .update();
    }

    /** Counts this many tries of this kind against this address, all made at {@code at}: to put it at a limit. */
    public void tried(String kind, int times, Instant at) {
        jdbc.sql("""
                        insert into common.failed_attempt (kind, subject, at)
                        select :kind, :subject, :at from generate_series(1, :times)
                        """)
                .param("kind", kind)
                .param("subject", subject)
                .param("at", Timestamp.from(at))
                .param("times", times)
                .update();
    }

    /** How many tries of this kind are counted against this address. */
    public long count(String kind) {
        return jdbc.sql("select count(*) from common.failed_attempt where kind = :kind and subject = :subject")
                .param("kind", kind)
                .param("subject", subject)
                .query(Long.class)
                .single();
    }
}
