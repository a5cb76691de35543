package org.gpaction.membership.selfservice;

import java.time.Duration;
import org.gpaction.common.KeyedHashes;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.Recipients;
import org.gpaction.membership.members.MembershipProperties;
import org.springframework.stereotype.Component;

/**
 * How many joining and sign-in links may go to one email address in the window, however many network addresses ask
 * for them: nobody can fill someone's mailbox, and the limit per network address can be high enough that GPs joining
 * together behind one NHS address are never turned away. Counted by the address's {@link Recipients} fingerprint, not
 * the address. Emails that others can make the app send to a member's address without its holder asking (a notice
 * that someone asked to join with it, a link confirming it as another member's new address) are counted apart, each
 * under a limit of its own, so that nobody can use up the sign-in links a member may be sent.
 */
@Component
class RecipientLimit {

    /** How often a member is told of each kind of request to join naming them: once is enough to tell them. */
    static final Duration NOTICE_WINDOW = Duration.ofDays(1);

    /** What a member's notices are counted under: a keyed hash of the notice and their number, not the number. */
    private static final String NOTICE_PURPOSE = "GP Action notices to one member of requests to join naming them";

    private final FailedAttempts attempts;
    private final Recipients recipients;
    private final KeyedHashes hashes;
    private final MembershipProperties properties;

    RecipientLimit(
            FailedAttempts attempts, Recipients recipients, KeyedHashes hashes, MembershipProperties properties) {
        this.attempts = attempts;
        this.recipients = recipients;
        this.hashes = hashes;
        this.properties = properties;
    }

    /** Whether one more joining or sign-in link may go to this address, counting it if it may. */
    boolean mayEmail(String email) {
        return attempts.admit(
                RequestKind.EMAILS_TO_ADDRESS,
                recipients.fingerprint(email),
                properties.emailsPerRecipient(),
                properties.requestWindow());
    }

    /** Whether one more joining or sign-in link may go to this address now, counting nothing. */
    boolean hasRoomFor(String email) {
        return attempts.pausedFor(
                        RequestKind.EMAILS_TO_ADDRESS,
                        recipients.fingerprint(email),
                        properties.emailsPerRecipient(),
                        properties.requestWindow())
                .isEmpty();
    }

    /**
     * Whether one more link confirming this address as a member's new one may go to it, counting it if it may: as
     * many as joining and sign-in links, counted apart from them, since any signed-in member can type any address.
     */
    boolean mayConfirmNewAddress(String email) {
        return attempts.admit(
                RequestKind.NEW_ADDRESS_CONFIRMATIONS,
                recipients.fingerprint(email),
                properties.emailsPerRecipient(),
                properties.requestWindow());
    }

    /**
     * Whether the member may be sent this notice (named by its email's category) of a request to join that named
     * their address or GMC number, counting it if they may: once in {@link #NOTICE_WINDOW} for each notice.
     */
    boolean mayTellMember(String notice, String membershipNumber) {
        return attempts.admit(
                RequestKind.JOINING_NOTICES_TO_MEMBER,
                hashes.of(NOTICE_PURPOSE, notice + " " + membershipNumber),
                1,
                NOTICE_WINDOW);
    }
}
