package org.gpaction.actions.practice;

import java.util.Set;
import org.gpaction.accounts.StaffAccessChanged;
import org.gpaction.accounts.StaffRole;
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
        if (change.enabled() && change.role() == StaffRole.ADMIN) {
            return;
        }
        Set<String> manages =
                change.enabled() && change.role() == StaffRole.PRACTICE_MANAGER ? change.practices() : Set.of();
        repository.unsubscribeBeyond(change.email(), manages);
    }
}
