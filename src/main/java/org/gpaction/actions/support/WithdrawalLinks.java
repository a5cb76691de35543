package org.gpaction.actions.support;

import java.util.Optional;
import org.gpaction.notifications.SecretLinks;
import org.springframework.stereotype.Component;

/** Makes the link to withdraw pledges as its email is sent; the reference is the email address it goes to. */
@Component
class WithdrawalLinks implements SecretLinks {

    static final String CATEGORY = "actions-pledge-withdrawal";

    private final PledgeWithdrawals withdrawals;

    WithdrawalLinks(PledgeWithdrawals withdrawals) {
        this.withdrawals = withdrawals;
    }

    @Override
    public String category() {
        return CATEGORY;
    }

    @Override
    public Optional<String> mint(String email) {
        return Optional.of(withdrawals.mintLink(email));
    }
}
