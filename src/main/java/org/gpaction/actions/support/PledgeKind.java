package org.gpaction.actions.support;

import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.FailedAttempts.Counted;

/**
 * Public pledge and withdrawal requests and link tries, counted per network address to stop abuse, and withdrawal
 * and pledge confirmation emails, each counted per recipient (by the address's fingerprint) so that nobody can fill
 * someone's mailbox; apart, so that pledging several times never stops a withdrawal link.
 */
enum PledgeKind implements FailedAttempts.Kind {
    PLEDGE_REQUEST,
    PLEDGE_LINK_TRY,
    /**
     * Not counted: the kind under which a confirmation link replaced by its email sent again is remembered, so that
     * opening it is no guess and its page can say a later email replaced it.
     */
    PLEDGE_LINK_REPLACED,
    PLEDGE_WITHDRAWAL_REQUEST,
    PLEDGE_EMAILS_TO_ADDRESS {
        @Override
        public Counted counted() {
            return Counted.PER_SUBJECT_GIVEN;
        }
    },
    PLEDGE_CONFIRMATIONS_TO_ADDRESS {
        @Override
        public Counted counted() {
            return Counted.PER_SUBJECT_GIVEN;
        }
    };
}
