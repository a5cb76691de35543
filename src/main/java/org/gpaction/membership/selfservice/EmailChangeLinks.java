package org.gpaction.membership.selfservice;

import java.util.Optional;
import org.gpaction.notifications.SecretLinks;
import org.springframework.stereotype.Component;

/** Makes the link confirming a member's new email address as its email is sent; the reference is the change's id. */
@Component
class EmailChangeLinks implements SecretLinks {

    private final EmailChanges changes;

    EmailChangeLinks(EmailChanges changes) {
        this.changes = changes;
    }

    @Override
    public String category() {
        return EmailChanges.CATEGORY;
    }

    /**
     * Withdrawn, the change was overtaken, went stale or was to another member's address (told separately): the
     * address is kept only with the change, until it is deleted as spent.
     */
    @Override
    public boolean forgetsAddressOfWithdrawn() {
        return true;
    }

    @Override
    public Optional<String> mint(String changeId) {
        return changes.mintLink(Long.parseLong(changeId));
    }
}
