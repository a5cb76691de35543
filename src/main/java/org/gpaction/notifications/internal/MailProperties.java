package org.gpaction.notifications.internal;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Period;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param from the sender of every message, an address optionally with a name ({@code GPACTION_MAIL_FROM})
 * @param pollInterval how often each instance looks for messages that are due
 * @param maxAttempts attempts at one message before it is marked failed
 * @param backoff the wait after the first failed attempt
 * @param backoffMultiplier how much longer each further wait is: a number of at least 1, as below it each wait would be
 *     shorter than the last, and Infinity would make every wait after the first the longest
 * @param maxBackoff the longest wait between two attempts
 * @param dispatch whether this instance sends mail; {@code false} leaves sending to the other instances (one that
 *     only takes votes on ballot day), while this one still queues mail in the outbox
 * @param keepSentFor how long a message sent (or withdrawn unsent) stays in the outbox, with its recipient's address
 *     and subject, before it is deleted. What it said is gone once it is sent. 90 days covers the questions that come
 *     after a message ("did my link go out, and when?") through a ballot's whole run and the weeks after its result;
 *     failed messages are kept, as a ballot's scrutineer report counts them.
 */
@Validated
@ConfigurationProperties("gpaction.mail")
record MailProperties(
        @DefaultValue("GP Action <no-reply@gpaction.localhost>")
        String from,

        @NotNull
        @DurationMin(
                millis = 10,
                message = "GPACTION_MAIL_POLLINTERVAL (gpaction.mail.poll-interval) must be at least 10 milliseconds,"
                        + " for example 10s")
        @DefaultValue("10s")
        Duration pollInterval,

        @Min(
                value = 1,
                message = "GPACTION_MAIL_MAXATTEMPTS (gpaction.mail.max-attempts) must be at least 1, for example 8")
        @DefaultValue("8")
        int maxAttempts,

        @NotNull
        @DurationMin(
                millis = 1,
                message =
                        "GPACTION_MAIL_BACKOFF (gpaction.mail.backoff) must be at least a millisecond, for example 1m")
        @DefaultValue("1m")
        Duration backoff,

        @DefaultValue("2") double backoffMultiplier,

        @NotNull
        @DurationMin(
                millis = 1,
                message = "GPACTION_MAIL_MAXBACKOFF (gpaction.mail.max-backoff) must be at least a millisecond, for"
                        + " example 1h")
        @DefaultValue("1h")
        Duration maxBackoff,

        @DefaultValue("true") boolean dispatch,

        @NotNull @DefaultValue("90d") Period keepSentFor) {

    @AssertTrue(
            message =
                    "GPACTION_MAIL_BACKOFFMULTIPLIER (gpaction.mail.backoff-multiplier) must be a number of at least 1,"
                            + " for example 2")
    boolean isBackoffMultiplierANumberOfAtLeastOne() {
        return Double.isFinite(backoffMultiplier) && backoffMultiplier >= 1;
    }

    /** Otherwise every wait would be cut to the longest, the first as much as the last, and none would grow. */
    @AssertTrue(
            message = "GPACTION_MAIL_BACKOFF (gpaction.mail.backoff) must be no longer than GPACTION_MAIL_MAXBACKOFF"
                    + " (gpaction.mail.max-backoff), the longest wait, for example 1m and 1h")
    boolean isBackoffNoLongerThanMaxBackoff() {
        // A longest wait of no time is refused on its own, naming only its setting.
        return backoff == null
                || maxBackoff == null
                || maxBackoff.isNegative()
                || maxBackoff.isZero()
                || backoff.compareTo(maxBackoff) <= 0;
    }

    static final String FROM_REFUSED = "GPACTION_MAIL_FROM (gpaction.mail.from) must be an email address, optionally"
            + " with a name, for example GP Action <ballots@example.org>";

    @AssertTrue(
            message = "GPACTION_MAIL_KEEPSENTFOR (gpaction.mail.keep-sent-for) must be longer than no time, for example"
                    + " 90d")
    boolean isKeepSentForLongerThanNoTime() {
        return keepSentFor == null || (!keepSentFor.isNegative() && !keepSentFor.isZero());
    }

    /** The one refusal of the sender, blank or not an address alike: both are put right the same way. */
    @AssertTrue(message = FROM_REFUSED)
    boolean isFromAnEmailAddress() {
        try {
            return from != null && fromAddress() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    InternetAddress fromAddress() {
        try {
            InternetAddress address = new InternetAddress(from, true);
            address.validate();
            return address;
        } catch (AddressException e) {
            throw new IllegalArgumentException("gpaction.mail.from is not an email address", e);
        }
    }

    /** The wait before the next attempt, after {@code attempts} failed ones: exponential, capped. */
    Duration delayAfter(int attempts) {
        double factor = Math.pow(backoffMultiplier, Math.max(0, attempts - 1));
        double millis = backoff.toMillis() * factor;
        return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
    }
}
