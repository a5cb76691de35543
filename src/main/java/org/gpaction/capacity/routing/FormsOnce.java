package org.gpaction.capacity.routing;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The board's record buttons and the front door's form each carry a one-time value, new each time the page is shown:
 * the same form sent twice (a receptionist's double click, a patient's, a browser resending) records one request, and
 * the second sending is answered with the first's outcome. The first sending claims the value before recording, so a
 * second arriving while it records waits for its outcome rather than recording another. The value stands for what was
 * asked with it as well: one page's value sent with something else (Urgent pressed after Routine before the page came
 * back, a patient going back to choose another need) is another request, recorded as such, never answered with the
 * outcome of a request it is not.
 *
 * <p>The request is recorded under the claim, in the statement that records it, and its answer kept beside the value
 * after that. A sending that stopped in between (the server killed, say) leaves a claim with no answer but a request
 * recorded under it: the form sent again is answered with that request's outcome, never left waiting for an answer
 * that will not come, nor recorded a second time.
 */
@Component
class FormsOnce {

    /** How long a value is kept: a page left open longer shows a new one when it is next used. */
    static final Duration KEPT = Duration.ofDays(1);
    /** How long a second sending waits for the first to be recorded: far longer than a request takes. */
    static final Duration WAIT_FOR_FIRST = Duration.ofSeconds(10);

    /**
     * How long a client's own retry key is kept, as {@code POST /api/vote} keeps one: a retry comes within minutes, and
     * a key sent again later is taken as new.
     */
    static final Duration RETRY_KEY_KEPT = Duration.ofMinutes(10);

    private static final long POLL_MILLIS = 50;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final Routing routing;

    FormsOnce(JdbcClient jdbc, JsonMapper json, Clock clock, Routing routing) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.routing = routing;
    }

    /** A new value for a form being shown. */
    static String fresh() {
        return UUID.randomUUID().toString();
    }

    /**
     * The outcome of the form sent with this value asking for {@code asked} (every field that decides what is
     * recorded): recorded by {@code record}, given the claim to record the request under, and answered by {@code
     * answer} the first time, the first time's outcome again after that. A form sent without a value (a page shown
     * before forms carried one), or with one that is not a value this class gives out, is recorded as it always was,
     * under no claim.
     */
    <T> T once(
            String value,
            String asked,
            String odsCode,
            Class<T> type,
            Function<UUID, Routing.Routed> record,
            Function<Routing.Routed, T> answer) {
        UUID given = parse(value);
        if (given == null) {
            return answer.apply(record.apply(null));
        }
        return sent(odsCode, onceFor(given, asked), null, KEPT, type, record, answer, FormsOnce::stillSending);
    }

    /**
     * Whether the form sent with this value asking for {@code asked} was sent before, within {@link #KEPT}: a sending
     * of it holds the value, recording it or recorded. Read without claiming or waiting for anything; false for a
     * value this class does not give out.
     */
    boolean sentBefore(String value, String asked, String odsCode) {
        UUID given = parse(value);
        if (given == null) {
            return false;
        }
        return jdbc.sql("""
                        select exists (
                            select 1 from capacity.form_once
                            where ods_code = :ods and once = :once and claimed_at >= :keptFrom)
                        """)
                .param("ods", odsCode)
                .param("once", onceFor(given, asked))
                .param("keptFrom", Timestamp.from(clock.instant().minus(KEPT)))
                .query(Boolean.class)
                .single();
    }

    private static UUID onceFor(UUID given, String asked) {
        return UUID.nameUUIDFromBytes((given + "\n" + asked).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The outcome of a request sent through the API with the client's own retry key, by the account {@code staffId}
     * asking for {@code asked}: recorded and answered as {@link #once} does the first time, that outcome again for the
     * same key, account, practice and request within {@link #RETRY_KEY_KEPT}. The same key sent with another request
     * in that time is refused, and nothing is recorded: it is a client's mistake, not a retry.
     */
    <T> T retried(
            String retryKey,
            long staffId,
            String asked,
            String odsCode,
            Class<T> type,
            Function<UUID, Routing.Routed> record,
            Function<Routing.Routed, T> answer) {
        UUID once =
                UUID.nameUUIDFromBytes(("retry key\n" + staffId + "\n" + retryKey).getBytes(StandardCharsets.UTF_8));
        return sent(odsCode, once, asked, RETRY_KEY_KEPT, type, record, answer, FormsOnce::stillRetried);
    }

    /**
     * @param asked what was asked, kept with the value to be compared with a later sending's; null where the value is
     *     made from what was asked, so that another request has another value
     */
    private <T> T sent(
            String odsCode,
            UUID once,
            String asked,
            Duration kept,
            Class<T> type,
            Function<UUID, Routing.Routed> record,
            Function<Routing.Routed, T> answer,
            Supplier<ResponseStatusException> stillSending) {
        long giveUpAt = System.nanoTime() + WAIT_FOR_FIRST.toNanos();
        while (true) {
            UUID claim = UUID.randomUUID();
            if (claim(odsCode, once, claim, asked, kept)) {
                Routing.Routed routed;
                try {
                    routed = record.apply(claim);
                } catch (RuntimeException refused) {
                    // Refused before anything was recorded, the same form may be sent again once what refused it is
                    // put right. Refused after its request was recorded, it keeps the claim: sent again, it is
                    // answered with that request, never recorded a second time.
                    try {
                        if (routing.recordedUnder(odsCode, claim).isEmpty()) {
                            release(odsCode, once, claim);
                        }
                    } catch (RuntimeException unchecked) {
                        // The database could not be asked (the refusal's own cause, say): the claim stands, and a
                        // sending again finds the request under it or, finding none, is told it is still being
                        // recorded.
                        refused.addSuppressed(unchecked);
                    }
                    throw refused;
                }
                T outcome = answer.apply(routed);
                if (keep(odsCode, once, claim, outcome)) {
                    return outcome;
                }
                // A sending of the same form came while this one recorded, and was answered from the request first:
                // every sending of one form is given the same answer, the one kept.
                Optional<Claimed> answered = claimed(odsCode, once);
                if (answered.isPresent()
                        && claim.equals(answered.get().claim())
                        && answered.get().answer() != null) {
                    return json.readValue(answered.get().answer(), type);
                }
                return outcome;
            }
            Optional<Claimed> first = claimed(odsCode, once);
            if (first.isEmpty()) {
                // The first sending was refused and gave the value back: this one is tried afresh.
                continue;
            }
            if (!Objects.equals(first.get().asked(), asked)) {
                throw usedForAnother(first.get().asked());
            }
            if (first.get().answer() != null) {
                return json.readValue(first.get().answer(), type);
            }
            Optional<Routing.Routed> recorded = first.get().claim() == null
                    ? Optional.empty()
                    : routing.recordedUnder(odsCode, first.get().claim());
            if (recorded.isPresent()) {
                // Recorded, but not answered yet, or never to be: the sending that recorded it stopped.
                T outcome = answer.apply(recorded.get());
                keep(odsCode, once, first.get().claim(), outcome);
                return outcome;
            }
            if (System.nanoTime() - giveUpAt > 0) {
                throw stillSending.get();
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw stillSending.get();
            }
        }
    }

    private static ResponseStatusException stillSending() {
        return new ResponseStatusException(
                HttpStatus.CONFLICT,
                "This form was sent twice and the first is still being recorded: reload the page in a moment to see"
                        + " what became of it");
    }

    private static ResponseStatusException stillRetried() {
        return new ResponseStatusException(
                HttpStatus.CONFLICT,
                "A request sent with this " + ContactsEndpoint.RETRY_KEY + " is still being recorded: send it again in"
                        + " a moment to be given its outcome");
    }

    private static ResponseStatusException usedForAnother(String first) {
        return new ResponseStatusException(
                HttpStatus.CONFLICT,
                "This " + ContactsEndpoint.RETRY_KEY + " was sent in the last " + RETRY_KEY_KEPT.toMinutes()
                        + " minutes with another request (" + first + "): send a new key with each new request, and"
                        + " the same key only with the same request again; nothing was recorded");
    }

    /**
     * Claims the value, or takes over a claim older than {@code kept}: a value kept no longer stands for what was sent
     * with it before.
     */
    private boolean claim(String odsCode, UUID once, UUID claim, String asked, Duration kept) {
        Instant now = clock.instant();
        jdbc.sql("delete from capacity.form_once where claimed_at < :expired")
                .param("expired", Timestamp.from(now.minus(KEPT)))
                .update();
        return jdbc.sql("""
                        insert into capacity.form_once (ods_code, once, claimed_at, claim, asked)
                        values (:ods, :once, :now, :claim, :asked)
                        on conflict (ods_code, once) do update
                        set claimed_at = excluded.claimed_at, claim = excluded.claim, asked = excluded.asked,
                            answer = null
                        where form_once.claimed_at < :keptFrom
                        """)
                        .param("ods", odsCode)
                        .param("once", once)
                        .param("now", Timestamp.from(now))
                        .param("claim", claim)
                        .param("asked", asked)
                        .param("keptFrom", Timestamp.from(now.minus(kept)))
                        .update()
                == 1;
    }

    /** The outcome kept for the claim that recorded it, unless one is kept already: whether this one was kept. */
    private boolean keep(String odsCode, UUID once, UUID claim, Object outcome) {
        return jdbc.sql("""
                        update capacity.form_once set answer = :answer
                        where ods_code = :ods and once = :once and claim = :claim and answer is null
                        """)
                        .param("answer", json.writeValueAsString(outcome))
                        .param("ods", odsCode)
                        .param("once", once)
                        .param("claim", claim)
                        .update()
                == 1;
    }

    private void release(String odsCode, UUID once, UUID claim) {
        jdbc.sql("""
                        delete from capacity.form_once
                        where ods_code = :ods and once = :once and claim = :claim and answer is null
                        """)
                .param("ods", odsCode)
                .param("once", once)
                .param("claim", claim)
                .update();
    }

    /** A value's claim, what was asked with it where that is kept, and the first sending's outcome once kept. */
    private record Claimed(UUID claim, String asked, String answer) {}

    /** Empty when nobody holds the value. */
    private Optional<Claimed> claimed(String odsCode, UUID once) {
        return jdbc.sql("select claim, asked, answer from capacity.form_once where ods_code = :ods and once = :once")
                .param("ods", odsCode)
                .param("once", once)
                .query((rs, row) ->
                        new Claimed(rs.getObject("claim", UUID.class), rs.getString("asked"), rs.getString("answer")))
                .optional();
    }

    private static UUID parse(String value) {
        if (value == null || value.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
