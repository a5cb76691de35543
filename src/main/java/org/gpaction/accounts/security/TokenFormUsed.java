package org.gpaction.accounts.security;

/**
 * The Your account page's token form sent has made a token already (a reload, or a second sending that overlapped the
 * first): no other is made.
 */
class TokenFormUsed extends RuntimeException {

    TokenFormUsed() {
        super("This token form has made its token already");
    }
}
