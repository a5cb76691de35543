package org.gpaction.actions.support;

import java.util.Optional;
import org.gpaction.notifications.SecretLinks;
import org.springframework.stereotype.Component;

/** Makes the link confirming a pledge of support as its email is sent; the reference is the pledge's id. */
@Component
class ConfirmationLinks implements SecretLinks {

    static final String CATEGORY = "actions-pledge-confirmation";

    private final Pledges pledges;

    ConfirmationLinks(Pledges pledges) {
        this.pledges = pledges;
    }

    @Override
    public String category() {
        return CATEGORY;
    }

    @Override
    public Optional<String> mint(String pledgeId) {
        return pledges.mintConfirmationLink(Long.parseLong(pledgeId));
    }
}
