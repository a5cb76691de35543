package org.gpaction.membership.selfservice;

import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.FailedAttempts.Counted;

/** Public requests that send email or try a link, counted per network address to stop abuse. */
enum RequestKind implements FailedAttempts.Kind {
    JOIN_REQUEST,
    DETAILS_LINK_REQUEST,
    /** Joining and sign-in links asked for to one address (kept as a hash), from anywhere. */
    EMAILS_TO_ADDRESS {
        @Override
        public Counted counted() {
            return Counted.PER_SUBJECT_GIVEN;
        }
    },
    /**
     * Notices to one member that someone asked to join with their address or GMC number, each notice counted apart
     * (kept as a keyed hash of the notice and the membership number).
     */
    JOINING_NOTICES_TO_MEMBER {
        @Override
        public Counted counted() {
            return Counted.PER_SUBJECT_GIVEN;
        }
    },
    /** Links confirming one address (kept as a hash) as a member's new address, asked for by any signed-in member. */
    NEW_ADDRESS_CONFIRMATIONS {
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
