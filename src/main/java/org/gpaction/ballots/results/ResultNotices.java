package org.gpaction.ballots.results;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotEmails;
import org.gpaction.common.CountWords;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.UkTime;
import org.gpaction.membership.MemberContacts;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The published result, emailed from the scrutineer to everyone on the roll, whether or not they voted, with how to
 * check a receipt code. Written to the outbox in the publishing transaction, so the mail exists only if the result
 * was published, and only the publication that commits sends it.
 */
@Component
class ResultNotices {

    static final String CATEGORY = "ballot-result";
    private static final int BATCH = 5_000;

    private final JdbcClient jdbc;
    private final MemberContacts contacts;
    private final Outbox outbox;
    private final GpActionProperties app;

    ResultNotices(JdbcClient jdbc, MemberContacts contacts, Outbox outbox, GpActionProperties app) {
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.outbox = outbox;
        this.app = app;
    }

    /** Queues one email per member on the roll who has an address; returns how many. */
    @Transactional(propagation = Propagation.MANDATORY)
    int send(Ballot ballot, Results.Result result) {
        Email email = email(ballot, result);
        Map<String, String> corrected = new HashMap<>();
        jdbc.sql("select membership_number, email from ballots.ballot_address where ballot_id = :ballot")
                .param("ballot", ballot.id())
                .query(rs -> {
                    corrected.put(rs.getString(1), rs.getString(2));
                });
        int sent = 0;
        String after = "";
        while (true) {
            List<String> members = jdbc.sql("""
                            select membership_number from ballots.roll_entry
                            where ballot_id = :ballot and membership_number > :after
                            order by membership_number limit :batch
                            """)
                    .param("ballot", ballot.id())
                    .param("after", after)
                    .param("batch", BATCH)
                    .query(String.class)
                    .list();
            if (members.isEmpty()) {
                return sent;
            }
            Map<String, String> registered = contacts.emails(members);
            List<String> to = new ArrayList<>(members.size());
            for (String member : members) {
                String address = corrected.getOrDefault(member, registered.get(member));
                if (address != null) {
                    to.add(address);
                }
            }
            outbox.sendToEach(email, to);
            sent += to.size();
            after = members.get(members.size() - 1);
        }
    }

    Email email(Ballot ballot, Results.Result result) {
        StringBuilder body = new StringBuilder()
                .append("This email comes from ")
                .append(ballot.scrutineerName())
                .append(", the independent scrutineer of \"")
                .append(ballot.title())
                .append("\". You were on the roll for this ballot, so you are sent its result.\n\n")
                .append(ballot.question())
                .append("\n\n");
        for (Results.OptionResult option : result.options()) {
            body.append(option.label())
                    .append(": ")
                    .append(option.votes())
                    .append(option.votes() == 1 ? " vote" : " votes")
                    .append(" (")
                    .append(option.percent())
                    .append("% of valid votes)\n");
        }
        body.append("\n")
                .append(result.returned())
                .append(" of the ")
                .append(CountWords.of(result.eligible(), "member", "members"))
                .append(" entitled to vote returned a ballot paper: a turnout of ")
                .append(result.turnoutPercent())
                .append("%.\n");
        if (result.spoilt() > 0) {
            body.append(result.spoilt() == 1 ? "1 ballot paper was" : result.spoilt() + " ballot papers were")
                    .append(" spoilt or invalid.\n");
        }
        if (result.certificate() != null) {
            body.append("\nThe scrutineer certified the result ")
                    .append(UkTime.onOrAt(result.certificate().certifiedAt()))
                    .append(" (UK time)")
                    .append(
                            result.certificate().qualified()
                                    ? ", with qualifications: "
                                            + result.certificate().qualifications()
                                    : ", without qualification")
                    .append(".\n");
        }
        body.append("\nThe full result:\n")
                .append(app.link("/results/" + ballot.id()))
                .append("\n\nCheck your vote was counted\n")
                .append("If you voted, you were shown a receipt after voting: 52 letters and numbers in groups of four."
                        + " Enter it here:\n")
                .append(app.link("/receipts/" + ballot.id()))
                .append("\nCapitals, spaces and dashes do not matter. The check tells you only that your vote was"
                        + " counted, never how you voted: votes were encrypted as they were cast and only the totals were"
                        + " decrypted.\n\nThe ballot record, with every encrypted paper and the proofs that the result"
                        + " is their sum, for anyone to verify:\n")
                .append(app.link("/results/" + ballot.id() + "/record.zip"))
                .append("\nThe full result's page says how to verify it and find your receipt in it.\n\n")
                .append("Questions about the ballot go to the scrutineer: reply to this email.");
        return BallotEmails.ofBallot(ballot, new Email(null, "Result: " + ballot.title(), body.toString(), CATEGORY));
    }
}
