package org.gpaction.ballots.ballot;

import java.time.Instant;
import java.util.List;
import org.gpaction.common.UkTime;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells a ballot's scrutineer, at the ballot's sender address (which they read: replies to the ballot's mail go
 * there), of every change to the keys its votes are encrypted to, and of every step that lets them change or fixes
 * them: scheduling, unscheduling, opening, deletion and a new sender address. Each names the keys and the joint key
 * as {@code trustee keygen} printed a key and the Trustees page shows them, so that a key put in place of a trustee's
 * through the app, however it was done, is seen by the one who can tell it is not theirs. Written in the transaction
 * of the change, so it goes only if the change commits.
 */
@Component
public class KeyNotices {

    static final String CATEGORY = "ballot-keys";

    private final BallotRepository ballots;
    private final TrusteesOnRecord trustees;
    private final Outbox outbox;

    KeyNotices(BallotRepository ballots, TrusteesOnRecord trustees, Outbox outbox) {
        this.ballots = ballots;
        this.trustees = trustees;
        this.outbox = outbox;
    }

    /** Tells the ballot's sender address, as the ballot is now, that {@code happened} at {@code at}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void tell(long ballotId, String subject, String happened, Instant at) {
        tell(ballots.find(ballotId).orElseThrow(() -> new BallotNotFound(ballotId)), subject, happened, at);
    }

    /** As above, for a caller that has read the ballot as it is now. */
    @Transactional(propagation = Propagation.MANDATORY)
    void tell(Ballot ballot, String subject, String happened, Instant at) {
        tell(ballot, ballot.senderAddress(), subject, happened, at);
    }

    /** Tells {@code to} that {@code happened} at {@code at}, with the ballot's keys as they are now. */
    @Transactional(propagation = Propagation.MANDATORY)
    void tell(Ballot ballot, String to, String subject, String happened, Instant at) {
        List<TrusteesOnRecord.TrusteeOnRecord> keys = trustees.list(ballot.id());
        StringBuilder body = new StringBuilder()
                .append("This is GP Action, writing to the scrutineer of \"")
                .append(ballot.title())
                .append("\" (ballot ")
                .append(ballot.id())
                .append(") at the ballot's sender address, as it does at every change to the keys the ballot's votes"
                        + " are encrypted to.\n\n");
        String when = UkTime.onOrAt(at);
        body.append(Character.toUpperCase(when.charAt(0)))
                .append(when.substring(1))
                .append(" (UK time), ")
                .append(happened)
                .append(".\n\n");
        if (keys.isEmpty()) {
            body.append("The ballot has no trustee's key now, so it cannot be scheduled until one is added.\n\n");
        } else {
            body.append("Its votes are encrypted to the joint key, the sum of its trustees' public keys:\n\n")
                    .append("Joint key: ")
                    .append(TrusteesOnRecord.jointKey(keys.stream()
                                    .map(TrusteesOnRecord.TrusteeOnRecord::publicKey)
                                    .toList())
                            .orElseThrow())
                    .append("\n");
            for (TrusteesOnRecord.TrusteeOnRecord key : keys) {
                body.append(key.name())
                        .append("'s public key: ")
                        .append(key.publicKey())
                        .append(" (added by ")
                        .append(key.addedBy())
                        .append(" ")
                        .append(UkTime.onOrAt(key.addedAt()))
                        .append(")\n");
            }
            body.append("\nA trustee's public key is what java -jar gp-action.jar trustee keygen printed as \"Public"
                    + " key:\" when they made their key pair, the publicKey in their trustee-public.json; with one"
                    + " trustee the joint key is that key. Check that yours is listed, and that you know every"
                    + " other.\n\n");
        }
        body.append("If a key is not one you know, or you did not expect this change, tell whoever runs GP Action at"
                + " once: until the ballot opens it can be unscheduled and its keys put right (only the account that"
                + " added a key can remove it, or an administrator once that account is disabled or no longer a"
                + " scrutineer). Once it opens, its votes are encrypted to the keys above, and only whoever holds every"
                + " one of their private keys can decrypt them.");
        outbox.send(new Email(to, subject + ": " + ballot.title(), body.toString(), CATEGORY)
                .about(BallotEmails.about(ballot.id())));
    }
}
