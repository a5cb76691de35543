package org.gpaction.actions.support;

import java.util.Optional;
import org.gpaction.notifications.SecretLinks;
import org.springframework.stereotype.Component;

/** Makes the link confirming a pledge of support as its email is sent; the reference is the pledge's id. */
@Component
class ConfirmationLinks implements SecretLinks {

    static final String CATEGORY = "actions-pledge-confirmation";

    private final PledgeConfirmations confirmations;

    ConfirmationLinks(PledgeConfirmations confirmations) {
        this.confirmations = confirmations;
    }

    @Override
    public String category() {
        return CATEGORY;
    }

    /**
     * Withdrawn, the message was for a pledge withdrawn or deleted before it went, or one whose email could not go
     * within one link's life, which is deleted as an unconfirmed pledge is, so the outbox does not keep the address
     * either. (Only a retry after an attempt that did arrive can find its pledge confirmed: the pledge keeps the address
     * then, and the outbox need not.)
     */
    @Override
    public boolean forgetsAddressOfWithdrawn() {
        return true;
    }

    @Override
    public Optional<String> mint(String pledgeId) {
        return confirmations.mintConfirmationLink(Long.parseLong(pledgeId));
    }
}
