package org.gpaction.membership.selfservice;

import java.util.Optional;
import org.gpaction.notifications.SecretLinks;
import org.springframework.stereotype.Component;

/**
 * Makes the "update your details" sign-in link as its email is sent, for the member whose address it goes to. An
 * address that is no member's gets no link and no email: that is found out here, off the request, so the answer to
 * the request cannot tell a member from a stranger.
 */
@Component
class DetailsSignInLinks implements SecretLinks {

    static final String CATEGORY = "details-sign-in";

    private final DetailsSignIn signIn;

    DetailsSignInLinks(DetailsSignIn signIn) {
        this.signIn = signIn;
    }

    @Override
    public String category() {
        return CATEGORY;
    }

    /** Withdrawn, the message was for an address that is no member's, and nobody here keeps it. */
    @Override
    public boolean forgetsAddressOfWithdrawn() {
        return true;
    }

    @Override
    public Optional<String> mint(String email) {
        return signIn.mintLink(email);
    }
}
