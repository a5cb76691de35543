package org.gpaction.membership.selfservice;

import java.util.Optional;
import org.gpaction.notifications.SecretLinks;
import org.springframework.stereotype.Component;

/** Makes the link confirming a request to join as its email is sent; the reference is the request's id. */
@Component
class JoiningLinks implements SecretLinks {

    static final String CATEGORY = "joining-confirmation";

    private final Joining joining;

    JoiningLinks(Joining joining) {
        this.joining = joining;
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
    public Optional<String> mint(String requestId) {
        return joining.mintConfirmationLink(Long.parseLong(requestId));
    }
}
