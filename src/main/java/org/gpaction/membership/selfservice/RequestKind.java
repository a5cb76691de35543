package org.gpaction.membership.selfservice;

import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.FailedAttempts.Counted;

/** Public requests that send email or try a link, counted per network address to stop abuse. */
enum RequestKind implements FailedAttempts.Kind {
    JOIN_REQUEST,
    DETAILS_LINK_REQUEST,
    /** Emails asked for to one address (kept as a hash), by joining or a details link, from anywhere. */
    EMAILS_TO_ADDRESS {
        @Override
        public Counted counted() {
            return Counted.PER_SUBJECT_GIVEN;
        }
    },
    /** Changes of email address asked for by one signed-in member (kept as a keyed hash of their number). */
    EMAIL_CHANGE_REQUEST {
        @Override
        public Counted counted() {
            return Counted.PER_SUBJECT_GIVEN;
        }
    },
    /** A joining or sign-in link that could not be used: unknown, used or expired. */
    MEMBERSHIP_LINK_TRY;
}
