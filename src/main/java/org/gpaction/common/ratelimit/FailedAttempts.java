package org.gpaction.common.ratelimit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts failed attempts at secrets per subject (an account, a network address) in the database, so that every
 * application instance sees the same count and a guesser is slowed wherever their requests land. A network address is
 * counted under a {@linkplain Networks keyed hash} of its network, never as itself; an IPv6 address counts as its /64
 * ({@link NetworkSubjects}), so that one network cannot pass any limit with fresh addresses.
 */
@Component
public class FailedAttempts {

    /** What was tried; each module names its own kinds. */
    public interface Kind {
        String name();

        /** What this kind's tries are counted per: network addresses, unless the kind says otherwise. */
        default Counted counted() {
            return Counted.PER_NETWORK_ADDRESS;
        }
    }

    /** What a kind's tries are counted per, and so what is kept of the subject given. */
    public enum Counted {
        /** The address a try came from, kept only as a {@linkplain Networks keyed hash} of its network. */
        PER_NETWORK_ADDRESS,
        /** A subject kept as given: a keyed fingerprint of an email address, say. */
        PER_SUBJECT_GIVEN;

        /** What a try is counted under: the subject given, or a keyed hash of the address given. */
        String subject(Networks networks, String given) {
            return switch (this) {
                case PER_NETWORK_ADDRESS -> networks.fingerprint(given);
                case PER_SUBJECT_GIVEN -> given;
            };
        }
    }

    /**
     * How long a kind's tries are kept when they are needed for less than the day every try is kept at most: a module
     * declares one as a bean for each such kind, from the setting its limit counts over, and {@link
     * #forgetKindsKeptShort} forgets the kind's tries once that time has passed (or {@link #forgetOldAttempts} at the
     * day, if that comes first).
     */
    public record Retention(Kind kind, Duration keptFor) {
        public Retention {
            if (keptFor.isNegative() || keptFor.isZero()) {
                throw new IllegalArgumentException(kind.name() + " tries must be kept for some time, not " + keptFor);
            }
        }
    }

    /** How long a try can be marked as being checked before it counts as failed: far longer than any check takes. */
    private static final Duration CHECKS_GIVEN_UP_AFTER = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Networks networks;
    private final List<Retention> retentions;

    public FailedAttempts(JdbcClient jdbc, Clock clock, Networks networks, List<Retention> retentions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.networks = networks;
        this.retentions = List.copyOf(retentions);
    }

    /** How long the subject must wait before trying again, or empty if it may try now. */
    public Optional<Duration> pausedFor(Kind kind, String given, int limit, Duration window) {
        return pausedForSubject(kind, subject(kind, given), limit, window);
    }

    private String subject(Kind kind, String given) {
        return kind.counted().subject(networks, given);
    }

    private Optional<Duration> pausedForSubject(Kind kind, String subject, int limit, Duration window) {
        Instant now = clock.instant();
        // Bounded by now as well, so that a clock set back (as tests set it to a chosen day) counts no attempt from
        // after it; in service the clock never goes back and the bound changes nothing.
        List<Timestamp> recent = jdbc.sql("""
                        select at from common.failed_attempt
                        where kind = :kind and subject = :subject and at > :since and at <= :now
                        order by at desc limit :limit
                        """)
                .param("kind", kind.name())
                .param("subject", subject)
                .param("since", Timestamp.from(now.minus(window)))
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query(Timestamp.class)
                .list();
        if (recent.size() < limit) {
            return Optional.empty();
        }
        Instant freeAt = recent.get(limit - 1).toInstant().plus(window);
        Duration wait = Duration.between(now, freeAt);
        return wait.isNegative() || wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /**
     * Whether the subject is under {@code limit} in {@code window} leaving out tries {@linkplain #countBeforeChecking
     * counted before their check} whose check is still running, so a refusal was owed only to them (or to nothing, by
     * now). A try marked as being checked for over a minute counts as failed (its instance may have stopped).
     */
    public boolean underLimitLeavingOutChecks(Kind kind, String given, int limit, Duration window) {
        Instant now = clock.instant();
        int settled = jdbc.sql("""
                        select count(*) from (
                            select 1 from common.failed_attempt
                            where kind = :kind and subject = :subject and at > :since and at <= :now
                              and (not checking or at < :stale)
                            limit :limit
                        ) recent
                        """)
                .param("kind", kind.name())
                .param("subject", subject(kind, given))
                .param("since", Timestamp.from(now.minus(window)))
                .param("now", Timestamp.from(now))
                .param("stale", Timestamp.from(now.minus(CHECKS_GIVEN_UP_AFTER)))
                .param("limit", limit)
                .query(Integer.class)
                .single();
        return settled < limit;
    }

    /**
     * What {@code lookUp} finds for a secret (a link, a receipt) tried from {@code address}. The secret is looked up
     * before the address's count, so a real one works whatever others at the same address tried (a valid 256-bit
     * secret cannot be come across by guessing). Only when nothing is found is the miss counted, or refused with what
     * {@code refused} gives when the address has missed {@code limit} times in {@code window} already.
     */
    public <T> Optional<T> lookUpFirst(
            Kind kind,
            String address,
            int limit,
            Duration window,
            Supplier<Optional<T>> lookUp,
            Supplier<? extends RuntimeException> refused) {
        Optional<T> found = lookUp.get();
        if (found.isEmpty() && refusesMiss(kind, address, limit, window)) {
            throw refused.get();
        }
        return found;
    }

    /**
     * For a secret found missing after its lookup, as in {@link #lookUpFirst}: whether the address is refused, having
     * missed {@code limit} times in {@code window} already. A miss not refused is counted; a refused one is not.
     */
    public boolean refusesMiss(Kind kind, String address, int limit, Duration window) {
        if (pausedFor(kind, address, limit, window).isPresent()) {
            return true;
        }
        record(kind, address);
        return false;
    }

    /**
     * For requests limited by count rather than by failure (emails sent on request, links asked for): whether one
     * more may go ahead, counting it if it may. A request refused is not counted.
     */
    @Transactional
    public boolean admit(Kind kind, String given, int limit, Duration window) {
        String subject = subject(kind, given);
        // Refused at once if already over, without waiting: a count read without the lock can only be short.
        if (pausedForSubject(kind, subject, limit, window).isPresent()) {
            return false;
        }
        lock(kind, subject);
        if (pausedForSubject(kind, subject, limit, window).isPresent()) {
            return false;
        }
        insert(kind, subject);
        return true;
    }

    /**
     * For a secret slow to check (a password): counts one try at it as failed before it is checked, or, when the
     * subject has failed {@code limit} times in {@code window} already, throws what {@code refused} gives for the wait
     * and counts nothing. The count commits before the check starts, so no transaction or connection is held while
     * the secret is checked, and tries sent together each see the others counted: no more of them are checked than
     * the limit allows. The try is marked as being checked until it {@linkplain #provedWrong proves wrong} (it then
     * stays counted) or is {@linkplain #withdraw taken back}; {@link #underLimitLeavingOutChecks} tells a refusal owed
     * only to tries still being checked.
     *
     * @return the try's count, for {@link #withdraw}
     */
    @Transactional
    public long countBeforeChecking(
            Kind kind,
            String given,
            int limit,
            Duration window,
            Function<Duration, ? extends RuntimeException> refused) {
        String subject = subject(kind, given);
        // Refused at once if already over, without waiting: a count read without the lock can only be short.
        Optional<Duration> paused = pausedForSubject(kind, subject, limit, window);
        if (paused.isEmpty()) {
            lock(kind, subject);
            paused = pausedForSubject(kind, subject, limit, window);
        }
        if (paused.isPresent()) {
            throw refused.apply(paused.get());
        }
        return jdbc.sql("""
                        insert into common.failed_attempt (kind, subject, at, checking)
                        values (:kind, :subject, :at, true)
                        returning id
                        """)
                .param("kind", kind.name())
                .param("subject", subject)
                .param("at", Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
    }

    /** A try {@link #countBeforeChecking counted before it was checked} proved wrong: it stays counted, as failed. */
    public void provedWrong(long attempt) {
        jdbc.sql("update common.failed_attempt set checking = false where id = :id")
                .param("id", attempt)
                .update();
    }

    /** Takes back a try {@link #countBeforeChecking counted before it was checked} that did not prove wrong. */
    public void withdraw(long attempt) {
        jdbc.sql("delete from common.failed_attempt where id = :id")
                .param("id", attempt)
                .update();
    }

    /**
     * Counts one subject's attempts one at a time, until the transaction they are counted in ends: otherwise attempts
     * sent together each count the others' uncommitted rows as not there, and all go ahead.
     */
    private void lock(Kind kind, String subject) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext(:kind), hashtext(:subject))")
                .param("kind", kind.name())
                .param("subject", subject)
                .query((rs, row) -> row)
                .list();
    }

    public void record(Kind kind, String given) {
        insert(kind, subject(kind, given));
    }

    private void insert(Kind kind, String subject) {
        jdbc.sql("insert into common.failed_attempt (kind, subject, at) values (:kind, :subject, :at)")
                .param("kind", kind.name())
                .param("subject", subject)
                .param("at", Timestamp.from(clock.instant()))
                .update();
    }

    public void clear(Kind kind, String given) {
        jdbc.sql("delete from common.failed_attempt where kind = :kind and subject = :subject")
                .param("kind", kind.name())
                .param("subject", subject(kind, given))
                .update();
    }

    /**
     * Forgets every try a day old, hourly: this delete reads the whole table, as no index leads with the time, so it
     * runs no more often than the day needs.
     */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void forgetOldAttempts() {
        jdbc.sql("delete from common.failed_attempt where at < :before")
                .param("before", Timestamp.from(AttemptRetention.KEPT.keepSince(clock.instant())))
                .update();
    }

    /**
     * Forgets each kind with its own {@link Retention} once its time has passed, every minute, so that a kind kept for
     * minutes (past its limit, every request may add one) stays about that long. Kind by kind, each delete reads only
     * its kind's rows, through the index whose first column is the kind.
     */
    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void forgetKindsKeptShort() {
        Instant now = clock.instant();
        retentions.forEach(
                retention -> jdbc.sql("delete from common.failed_attempt where kind = :kind and at < :before")
                        .param("kind", retention.kind().name())
                        .param("before", Timestamp.from(now.minus(retention.keptFor())))
                        .update());
    }
}
