package org.gpaction.actions.support;

import org.gpaction.common.ratelimit.FailedAttempts;

/** Public pledge requests and link tries, counted per network address to stop abuse. */
enum PledgeKind implements FailedAttempts.Kind {
    PLEDGE_REQUEST,
    PLEDGE_LINK_TRY
}
