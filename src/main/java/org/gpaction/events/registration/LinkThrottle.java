package org.gpaction.events.registration;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.FailedAttempts.Counted;
import org.gpaction.common.ratelimit.Recipients;
import org.gpaction.common.ratelimit.RetryAfter;
import org.springframework.stereotype.Component;

/**
 * Limits per network address: registrations sent (each one sends an email), and unknown links tried (so links
 * cannot be guessed at speed). A real link is looked up before the address's count, so it always works; a link that
 * was made but is used or replaced is no guess, so it is never counted. And a limit
 * per email address on the emails registrations send it, however many network addresses ask: nobody can fill
 * someone's mailbox with our emails, whatever the address limit allows.
 */
@Component
class LinkThrottle {

    enum Kind implements FailedAttempts.Kind {
        EVENT_REGISTRATION,
        EVENT_LINK,
        EVENT_EMAILS_TO_ADDRESS {
            @Override
            public Counted counted() {
                return Counted.PER_SUBJECT_GIVEN;
            }
        };
    }

    private static final Duration LINK_WINDOW = Duration.ofMinutes(15);

    private final FailedAttempts attempts;
    private final Recipients recipients;
    private final EventsProperties properties;

    LinkThrottle(FailedAttempts attempts, Recipients recipients, EventsProperties properties) {
        this.attempts = attempts;
        this.recipients = recipients;
        this.properties = properties;
    }

    /**
     * Counts one more registration from this network address if it may send one; if not, how long until it may, as
     * {@link RetryAfter#ofRefused} works it out.
     */
    Optional<RetryAfter> refusedRegistrationFor(String address) {
        int limit = properties.registrationsPerAddress();
        Duration window = properties.registrationWindow();
        if (attempts.admit(Kind.EVENT_REGISTRATION, address, limit, window)) {
            return Optional.empty();
        }
        return Optional.of(RetryAfter.ofRefused(attempts, Kind.EVENT_REGISTRATION, address, limit, window));
    }

    /** Whether one more registration email may go to this email address, counting it if it may. */
    boolean mayEmail(String email) {
        return attempts.admit(
                Kind.EVENT_EMAILS_TO_ADDRESS,
                recipients.fingerprint(email),
                properties.emailsPerRecipient(),
                properties.registrationWindow());
    }

    /**
     * What {@code lookUp} finds for a link. When it finds nothing and {@code made} says no such link was ever made,
     * the miss counts against the address, as {@link FailedAttempts#refusesMiss}, or is refused with
     * {@link Registering.LinksPaused}, saying how long until it may try again, when the address has already missed too
     * often; a link used or replaced is no guess, so it is only not found.
     */
    <T> Optional<T> find(String address, Supplier<Optional<T>> lookUp, BooleanSupplier made) {
        Optional<T> found = lookUp.get();
        int limit = properties.unknownLinksPerAddress();
        if (found.isEmpty()
                && !made.getAsBoolean()
                && attempts.refusesMiss(Kind.EVENT_LINK, address, limit, LINK_WINDOW)) {
            throw new Registering.LinksPaused(
                    RetryAfter.ofRefused(attempts, Kind.EVENT_LINK, address, limit, LINK_WINDOW));
        }
        return found;
    }
}
