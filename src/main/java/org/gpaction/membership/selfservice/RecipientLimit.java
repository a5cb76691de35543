package org.gpaction.membership.selfservice;

import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.Recipients;
import org.gpaction.membership.members.MembershipProperties;
import org.springframework.stereotype.Component;

/**
 * How many joining and sign-in emails may go to one email address in the window, however many network addresses ask
 * for them: nobody can fill someone's mailbox, and the limit per network address can be high enough that GPs joining
 * together behind one NHS address are never turned away. Counted by the address's {@link Recipients} fingerprint, not
 * the address.
 */
@Component
class RecipientLimit {

    private final FailedAttempts attempts;
    private final Recipients recipients;
    private final MembershipProperties properties;

    RecipientLimit(FailedAttempts attempts, Recipients recipients, MembershipProperties properties) {
        this.attempts = attempts;
        this.recipients = recipients;
        this.properties = properties;
    }

    /** Whether one more email may go to this address, counting it if it may. */
    boolean mayEmail(String email) {
        return attempts.admit(
                RequestKind.EMAILS_TO_ADDRESS,
                recipients.fingerprint(email),
                properties.emailsPerRecipient(),
                properties.requestWindow());
    }
}
