package org.gpaction.ballots.trustees;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.gpaction.accounts.CurrentStaff;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.springframework.stereotype.Component;

/**
 * Who may take a trustee's key off a draft: the account that added it (even if made an administrator since, as any
 * administrator then could remove it), or an administrator once that account is disabled or no longer a scrutineer,
 * and so cannot remove the key itself. Any scrutineer may add a key, and an administrator may make any account a
 * scrutineer; a key added beside the trustee's decrypts nothing without theirs, but one put in place of theirs would
 * decrypt every vote. An administrator's removal is told to the ballot's sender address as every other is, so it is
 * not unseen; without it, a draft with such a key could only be deleted and made again.
 */
@Component
class KeyRemovers {

    /**
     * Who asks to remove a key, seen against the account that added it.
     *
     * @param adderNoLongerScrutineer the account that added the key, not this one, is disabled or no longer a
     *     scrutineer
     */
    record Remover(boolean addedIt, boolean adderNoLongerScrutineer, boolean administrator) {

        static final Remover NONE = new Remover(false, false, false);

        boolean mayRemove() {
            return addedIt || (adderNoLongerScrutineer && administrator);
        }
    }

    private static final Remover ADDED_IT = new Remover(true, false, false);

    private final CurrentStaff staff;

    KeyRemovers(CurrentStaff staff) {
        this.staff = staff;
    }

    /**
     * The viewer of a page as the remover of the key each account added, as the accounts are now: the viewer's role as
     * their request carries it (kept in step with their account at each request), and each other account that added
     * a key read once however many keys it added, so a page of the viewer's own keys reads no account.
     */
    Function<String, Remover> of(StaffPrincipal viewer) {
        return of(viewer.email(), () -> viewer.role() == StaffRole.ADMIN);
    }

    /**
     * {@code actor} as the remover of the key each account added. The account that added a key may remove it whatever
     * its role, so whether {@code actor} is an {@code administrator} is asked only for a key another account added.
     */
    private Function<String, Remover> of(String actor, BooleanSupplier administrator) {
        Map<String, Boolean> scrutineers = new HashMap<>();
        return addedBy -> addedBy.equals(actor)
                ? ADDED_IT
                : new Remover(
                        false, !scrutineers.computeIfAbsent(addedBy, this::isScrutineer), administrator.getAsBoolean());
    }

    private boolean isScrutineer(String email) {
        return enabledAs(email, StaffRole.SCRUTINEER);
    }

    private boolean enabledAs(String email, StaffRole role) {
        return staff.enabled(email).filter(account -> account.role() == role).isPresent();
    }

    /** {@code actor} as the remover of {@code trustee}'s key; refused, saying who can, unless they may remove it. */
    Remover requireMayRemove(TrusteeKeys.Trustee trustee, String actor) {
        Remover remover = of(actor, () -> enabledAs(actor, StaffRole.ADMIN)).apply(trustee.uploadedBy());
        if (remover.mayRemove()) {
            return remover;
        }
        if (remover.adderNoLongerScrutineer()) {
            throw new KeyGivenByAnother("The account that added this key, " + trustee.uploadedBy()
                    + ", is disabled or no longer a scrutineer, so only an administrator can remove it. The key was not"
                    + " removed");
        }
        if (remover.administrator()) {
            throw new KeyGivenByAnother("Only " + trustee.uploadedBy() + ", who added this key, can remove"
                    + " it while that account is enabled and a scrutineer: ask them to remove it, or disable that"
                    + " account. An administrator can remove a key only once the account that added it is disabled or"
                    + " no longer a scrutineer, so that nobody can put a key of their own in its place. The key was not"
                    + " removed");
        }
        throw new KeyGivenByAnother("Only " + trustee.uploadedBy() + ", who added this key, can remove it:"
                + " a key is removed only by the account that added it, so that nobody can put a key of their own in"
                + " its place. The key was not removed");
    }

    /** A key to remove that another account added. */
    static class KeyGivenByAnother extends RuntimeException {
        KeyGivenByAnother(String message) {
            super(message);
        }
    }
}
