package org.gpaction.ballots.reminders;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotEmails;
import org.gpaction.ballots.ballot.BallotLinks;
import org.gpaction.ballots.ballot.BallotLogEntries;
import org.gpaction.ballots.replacement.AddressesHeldBack;
import org.gpaction.ballots.replacement.RegisteredAddressRule;
import org.gpaction.common.CountWords;
import org.gpaction.membership.MemberContacts;
import org.gpaction.notifications.Outbox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Sends a round of reminders, by hand or scheduled, inside the caller's transaction. Each reminder carries a fresh link
 * for the member's same active credential, made as it is sent; the link in their earlier email keeps working, and
 * whichever they use first burns the credential, so they vote once. Anyone who votes before their reminder goes out
 * gets none. A round is claimed by one insert of its key, so a scheduled round runs once across all application
 * instances, and each member reminded is written down once per round. Rounds of a ballot are started one at a time,
 * under its reminder lock. A reminder goes where a replacement link would: to the scrutineer's correction for the
 * ballot, or else to the registered address if {@link RegisteredAddressRule} lets it go at once (every change to it
 * since the member's first link went was their own, or the scrutineer has sent the member a link there). An address
 * someone else (an administrator's edit or import) set since gets no link, which could carry the member's vote to
 * whoever set it: it waits for the scrutineer's check.
 */
@Component
class ReminderRounds {

    /**
     * How long after a round that went another may be sent by hand: a double click, two administrators at once or a
     * retry after a slow answer would otherwise send every member who has not voted a second reminder straight away.
     * A scheduled point is skipped within it too.
     */
    static final Duration BETWEEN_ROUNDS = Duration.ofMinutes(10);

    private final JdbcClient jdbc;
    private final BallotLogEntries logEntries;
    private final MemberContacts contacts;
    private final AddressesHeldBack heldBack;
    private final RegisteredAddressRule registeredAddress;
    private final Outbox outbox;

    ReminderRounds(
            JdbcClient jdbc,
            BallotLogEntries logEntries,
            MemberContacts contacts,
            AddressesHeldBack heldBack,
            RegisteredAddressRule registeredAddress,
            Outbox outbox) {
        this.jdbc = jdbc;
        this.logEntries = logEntries;
        this.contacts = contacts;
        this.heldBack = heldBack;
        this.registeredAddress = registeredAddress;
        this.outbox = outbox;
    }

    /**
     * Holds, until the transaction ends, the lock under which a ballot's rounds are started: two asked for at once
     * then see each other. An advisory lock, not the ballot's row, so that votes are never kept waiting by a round.
     */
    void hold(long ballotId) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('ballots.reminder_round', :ballot))")
                .param("ballot", ballotId)
                .query()
                .singleRow();
    }

    Optional<Instant> lastThatWent(long ballotId) {
        return jdbc.sql("""
                        select started_at from ballots.reminder_round where ballot_id = :ballot and went
                        order by started_at desc limit 1
                        """)
                .param("ballot", ballotId)
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant);
    }

    Optional<Instant> byHandBetween(long ballotId, Instant from, Instant to) {
        return jdbc.sql("""
                        select started_at from ballots.reminder_round
                        where ballot_id = :ballot and went and round_key like :byHand
                          and started_at >= :from and started_at <= :to
                        order by started_at desc limit 1
                        """)
                .param("ballot", ballotId)
                .param("byHand", Round.BY_HAND + "%")
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant);
    }

    /**
     * A member to remind, when their first link went, and whether a replacement ended a credential of theirs (and so
     * its links) before.
     */
    private record Target(String membershipNumber, long credentialId, Instant firstIssued, boolean replacedBefore) {}

    /** Sends the round of this key to every member who has not voted; empty when the key was claimed already. */
    Optional<Round> send(Ballot ballot, String key, String actor, Instant now) {
        Optional<Long> claimed = claim(ballot.id(), key, actor, now, true, null);
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        long round = claimed.get();
        List<Target> targets = jdbc.sql("""
                        with target as (
                            select c.membership_number, c.id
                            from ballots.credential c
                            join ballots.roll_entry r
                              on r.ballot_id = c.ballot_id and r.membership_number = c.membership_number
                            where c.ballot_id = :ballot and c.ended_at is null and c.state = 'ACTIVE' and not r.has_voted
                        ), links as (
                            select e.membership_number, min(e.issued_at) as first_issued,
                                   bool_or(e.state = 'REPLACED') as replaced
                            from ballots.credential e join target t using (membership_number)
                            where e.ballot_id = :ballot
                            group by e.membership_number
                        )
                        select t.membership_number, t.id, l.first_issued, l.replaced
                        from target t join links l using (membership_number)
                        """)
                .param("ballot", ballot.id())
                .query((rs, row) -> new Target(
                        rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant(), rs.getBoolean(4)))
                .list();
        List<String> numbers = targets.stream().map(Target::membershipNumber).toList();
        Map<String, String> registered = contacts.emails(numbers);
        RegisteredAddressRule.ForRound rule = registeredAddress.forRound(ballot.id(), numbers);
        Map<String, String> corrected = new HashMap<>();
        jdbc.sql("select membership_number, email from ballots.ballot_address where ballot_id = :ballot")
                .param("ballot", ballot.id())
                .query(rs -> {
                    corrected.put(rs.getString(1), rs.getString(2));
                });
        // Written a wording at a time, each in one statement: a round can remind 200,000 members.
        List<Outbox.SecretLinkRecipient> firstLinkWorks = new ArrayList<>();
        List<Outbox.SecretLinkRecipient> replacedBefore = new ArrayList<>();
        List<String> reminded = new ArrayList<>();
        List<AddressesHeldBack.Held> held = new ArrayList<>();
        for (Target target : targets) {
            String number = target.membershipNumber();
            String to = corrected.get(number);
            if (to == null) {
                to = registered.get(number);
                if (to == null) {
                    // No address, no reminder: nor is one written down for the member.
                    continue;
                }
                Optional<Instant> setByOthers = rule.heldBack(number, target.firstIssued(), to);
                if (setByOthers.isPresent()) {
                    held.add(new AddressesHeldBack.Held(number, to, setByOthers.get()));
                    continue;
                }
            }
            (target.replacedBefore() ? replacedBefore : firstLinkWorks)
                    .add(new Outbox.SecretLinkRecipient(
                            to, BallotLinks.reminderReference(target.credentialId(), round)));
            reminded.add(number);
        }
        remind(ballot, false, firstLinkWorks);
        remind(ballot, true, replacedBefore);
        jdbc.sql("""
                        insert into ballots.reminder_sent (round_id, membership_number)
                        select :round, unnest(cast(:numbers as text[]))
                        """)
                .param("round", round)
                .param("numbers", reminded.toArray(String[]::new))
                .update();
        // Last, as it holds the members' waiting requests until the round commits.
        AddressesHeldBack.Kept kept = heldBack.keep(ballot.id(), held, now);
        int sent = reminded.size();
        jdbc.sql("update ballots.reminder_round set sent = :sent where id = :id")
                .param("sent", sent)
                .param("id", round)
                .update();
        logEntries.add(
                ballot.id(),
                actor,
                "REMINDER_SENT",
                Round.describe(key) + " to "
                        + CountWords.of(
                                sent,
                                "member who had not voted, with a new link",
                                "members who had not voted, each with a new link")
                        + "; the links they had for the same credential still work",
                now);
        if (kept.waiting() + kept.declinedBefore() > 0) {
            logEntries.add(ballot.id(), actor, "REMINDERS_HELD_BACK", heldBackWords(kept), now);
        }
        return Optional.of(Round.of(round, ballot.id(), key, actor, now, sent, true, Optional.empty()));
    }

    /**
     * The round's entry for the reminders it held back, counting those it kept waiting for the scrutineer and those
     * whose address the scrutineer had declined; not those who voted while it ran, nor those whose address the
     * scrutineer checked meanwhile.
     */
    private static String heldBackWords(AddressesHeldBack.Kept kept) {
        String words = "No reminder sent to "
                + CountWords.of(
                        kept.waiting() + kept.declinedBefore(), "member who had not voted", "members who had not voted")
                + ": someone other than the member (an administrator or a membership import) changed their"
                + " registered address after their first link went";
        if (kept.declinedBefore() == 0) {
            return words + ", so each address waits for the scrutineer's check among the replacement requests";
        }
        String declined = "the scrutineer has declined "
                + CountWords.of(kept.declinedBefore(), "address", "addresses")
                + (kept.declinedBefore() == 1
                        ? " since it was set, so it does not wait again"
                        : " since they were set, so they do not wait again");
        if (kept.waiting() == 0) {
            return words + "; " + declined;
        }
        return words + "; " + CountWords.of(kept.waiting(), "address waits", "addresses wait")
                + " for the scrutineer's check among the replacement requests, and " + declined;
    }

    private void remind(Ballot ballot, boolean replacedBefore, List<Outbox.SecretLinkRecipient> recipients) {
        if (!recipients.isEmpty()) {
            outbox.sendWithSecretLinks(BallotEmails.reminder(ballot, null, replacedBefore), recipients);
        }
    }

    /**
     * Marks a scheduled point done without sending it, unless it was claimed already; a point skipped for a round by
     * hand keeps when that round went, {@code skippedFor}, so that the page and the API can say so.
     */
    boolean markDone(long ballotId, String key, String by, Instant now, Instant skippedFor) {
        return claim(ballotId, key, by, now, false, skippedFor).isPresent();
    }

    /** Claims a round by its key; one that does not {@code go} is only marked done, and sends nothing. */
    private Optional<Long> claim(
            long ballotId, String key, String actor, Instant now, boolean goes, Instant skippedFor) {
        return jdbc.sql("""
                        insert into ballots.reminder_round (ballot_id, round_key, started_by, started_at, went,
                            skipped_for)
                        values (:ballot, :key, :actor, :now, :goes, cast(:skippedFor as timestamptz))
                        on conflict (ballot_id, round_key) do nothing
                        returning id
                        """)
                .param("ballot", ballotId)
                .param("key", key)
                .param("actor", actor)
                .param("now", Timestamp.from(now))
                .param("goes", goes)
                .param("skippedFor", skippedFor == null ? null : Timestamp.from(skippedFor))
                .query(Long.class)
                .optional();
    }
}
