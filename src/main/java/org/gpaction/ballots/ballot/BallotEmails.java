package org.gpaction.ballots.ballot;

import org.gpaction.common.UkTime;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Sender;

/**
 * The ballot emails about replacement links and reminders, each from the ballot's independent scrutineer: From and
 * Reply-To are the ballot's sender address, under the scrutineer's name. Every email about a ballot is marked as
 * {@link #about(long) about} it, so its report can count those that could not be delivered.
 */
public final class BallotEmails {

    static final String REPLACEMENT_ANSWER = "replacement-answer";

    private BallotEmails() {}

    /** The email as every email about this ballot goes out: from its scrutineer, and marked as the ballot's. */
    public static Email ofBallot(Ballot ballot, Email email) {
        return email.from(Sender.of(ballot.scrutineerName(), ballot.senderAddress()))
                .about(about(ballot.id()));
    }

    /** How the outbox names what a ballot's emails belong to. */
    public static String about(long ballotId) {
        return "ballot:" + ballotId;
    }

    public static Email replacementLink(Ballot ballot, String to) {
        return ofBallot(
                ballot,
                new Email(
                        to,
                        "Your new ballot link: " + ballot.title(),
                        from(ballot)
                                + "You asked for a new voting link. Here it is:\n" + Email.SECRET_LINK + "\n\n"
                                + "Any link you were sent before for this ballot no longer works.\n\n"
                                + ballot.question() + "\n\n"
                                + "This link is yours alone. It works once: do not forward it to anyone. Voting closes "
                                + UkTime.onOrAt(ballot.closesAt()) + " (UK time).",
                        BallotLinks.CATEGORY));
    }

    public static Email alreadyVoted(Ballot ballot, String to) {
        return ofBallot(
                ballot,
                new Email(
                        to,
                        "You have already voted: " + ballot.title(),
                        from(ballot)
                                + "Someone asked for a new voting link for this membership. Our records show that you have "
                                + "already voted in this ballot, so no new link was sent. Your vote was received and recorded, "
                                + "and it is secret.\n\n"
                                + "If you did not vote, or did not ask for a link, tell the scrutineer at once: "
                                + ballot.senderAddress(),
                        REPLACEMENT_ANSWER));
    }

    public static Email sentElsewhere(Ballot ballot, String registered, String sentTo) {
        return ofBallot(
                ballot,
                new Email(
                        registered,
                        "Your ballot link was sent to another address: " + ballot.title(),
                        from(ballot)
                                + "A new voting link for this ballot was sent to " + sentTo
                                + " after a request in your "
                                + "name, which the scrutineer checked. Your earlier link no longer works.\n\n"
                                + "If you did not ask for this, tell the scrutineer at once: " + ballot.senderAddress(),
                        REPLACEMENT_ANSWER));
    }

    /**
     * To the address a scrutineer corrected the ballot's email to, when a later request in the member's name had the
     * new link sent to the registered address instead: the link sent here stopped working, and without this nobody
     * there would know. It carries no voting link, only the page where one can be asked for at this address again.
     */
    public static Email sentToRegistered(Ballot ballot, String corrected, String askAgainAt) {
        return ofBallot(
                ballot,
                new Email(
                        corrected,
                        "Your ballot link was sent to your registered address: " + ballot.title(),
                        from(ballot)
                                + "A new voting link for this ballot was sent to the email address registered on your "
                                + "membership, after a request in your name. The link sent to this address no longer "
                                + "works, and the ballot's emails will go to the registered address.\n\n"
                                + "If you did not ask for this, or cannot read email at the registered address, ask "
                                + "for a new link to be sent to this address at " + askAgainAt
                                + " (the scrutineer will check it), or tell the scrutineer at once: "
                                + ballot.senderAddress(),
                        REPLACEMENT_ANSWER));
    }

    /**
     * To the address a scrutineer corrected the ballot's email to, when they corrected it again to another after a
     * later request in the member's name: the link sent here stopped working, and without this nobody there would
     * know. It carries no voting link and does not say where the new one went, only the page where one can be asked
     * for at this address again.
     */
    public static Email correctedAgain(Ballot ballot, String earlier, String askAgainAt) {
        return ofBallot(
                ballot,
                new Email(
                        earlier,
                        "The scrutineer changed where your ballot emails go: " + ballot.title(),
                        from(ballot)
                                + "After a request in your name, which they checked, the scrutineer changed the address "
                                + "this ballot's emails go to, and sent a new voting link there. The link sent to this "
                                + "address no longer works, and the ballot's emails will not come here.\n\n"
                                + "If you did not ask for this, ask for a new link to be sent to this address at "
                                + askAgainAt + " (the scrutineer will check it), or tell the scrutineer at once: "
                                + ballot.senderAddress(),
                        REPLACEMENT_ANSWER));
    }

    /**
     * A reminder with a new link for the member's live credential. The links sent before it for that credential work
     * too; those of a credential a replacement ended do not, so a member whose link was replaced is told which works.
     */
    public static Email reminder(Ballot ballot, String to, boolean replacedBefore) {
        return ofBallot(
                ballot,
                new Email(
                        to,
                        "Reminder: vote in " + ballot.title(),
                        from(ballot)
                                + "You have not voted yet. Voting closes " + UkTime.onOrAt(ballot.closesAt())
                                + " (UK time).\n\n"
                                + ballot.question() + "\n\n"
                                + "Vote here:\n" + Email.SECRET_LINK + "\n\n"
                                + (replacedBefore
                                        ? "The link in the email that sent you your new ballot link still works too:"
                                                + " you can vote once, with either. Any link sent to you before that one"
                                                + " no longer works."
                                        : "The link in your earlier email about this ballot still works too: you can"
                                                + " vote once, with either.")
                                + " This link is yours alone: do not forward it to anyone.",
                        BallotLinks.CATEGORY));
    }

    private static String from(Ballot ballot) {
        return "This email comes from " + ballot.scrutineerName() + ", the independent scrutineer of \""
                + ballot.title() + "\".\n\n";
    }
}
