package org.gpaction.actions.practice;

import java.util.List;
import org.gpaction.accounts.StaffAccessChanged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Emails about a practice's actions go only to those who may change them ({@link PracticeAccess#mayChange}): a
 * manager moved to other practices, made something else, or whose account is disabled stops getting those of the
 * practices they no longer manage, in the same transaction as the change; an administrator keeps every one.
 */
@Component
class SubscriptionsFollowAccess {

    private final PracticeActionRepository repository;

    SubscriptionsFollowAccess(PracticeActionRepository repository) {
        this.repository = repository;
    }

    @EventListener
    void on(StaffAccessChanged change) {
        List<String> noLongerChangeable = repository.subscribedTo(change.email()).stream()
                .filter(odsCode ->
                        !change.enabled() || !PracticeAccess.mayChange(change.role(), change.practices(), odsCode))
                .toList();
        if (!noLongerChangeable.isEmpty()) {
            repository.unsubscribeFrom(change.email(), noLongerChangeable);
        }
    }
}
