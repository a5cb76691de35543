package org.gpaction.membership.selfservice;

/** Too many requests from one address: the caller answers 429 without saying anything else. */
class TooManyRequests extends RuntimeException {
    TooManyRequests() {
        super("Too many requests from this address");
    }
}
