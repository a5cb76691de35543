package org.gpaction.ballots.reminders;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotEmails;
import org.gpaction.ballots.ballot.BallotLinks;
import org.gpaction.ballots.ballot.BallotLogEntries;
import org.gpaction.ballots.ballot.BallotNotFound;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.common.CountWords;
import org.gpaction.common.UkTime;
import org.gpaction.membership.MemberContacts;
import org.gpaction.notifications.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reminds the members on a ballot's roll who have not voted. Each reminder carries a fresh link for the member's
 * same active credential, made as it is sent; the link in their earlier email keeps working, and whichever they use
 * first burns the credential, so they vote once. Anyone who votes before their reminder goes out gets none. A round
 * is claimed by one insert of its key, so a scheduled round runs once across all application instances, and each
 * member is written down once per round. Rounds of a ballot are started one at a time, under its reminder lock, and a
 * round by hand is refused, and a scheduled one skipped, within {@link #BETWEEN_ROUNDS} of one that went.
 */
@Service
class Reminders {

    /**
     * A round of reminders, or a scheduled point marked done without one.
     *
     * @param sent how many members it reminded; 0 for a point that sent nothing
     * @param outcome whether it went, or why it did not
     * @param daysBeforeClose the scheduled point it was, in whole days before the close; null for a round by hand
     * @param skippedForRoundAt for a point {@linkplain Outcome#SKIPPED skipped}, when the round by hand it gave way to
     *     went; otherwise null
     * @param summary what happened, in words, times on the UK clock
     */
    record Round(
            long id,
            long ballotId,
            String key,
            String startedBy,
            Instant startedAt,
            int sent,
            Outcome outcome,
            Integer daysBeforeClose,
            Instant skippedForRoundAt,
            String summary) {}

    /**
     * A scheduled point still to come: it goes to the members who have not voted by then, unless a round is sent by
     * hand within {@link #BETWEEN_ROUNDS} before it.
     *
     * @param daysBeforeClose the point, in whole days before the close
     * @param at when it falls due, on the UK clock's time of day of the close
     * @param summary when it will go, in words, on the UK clock
     */
    record UpcomingPoint(long ballotId, int daysBeforeClose, Instant at, String summary) {}

    /** What became of a round: sent, or a scheduled point marked done without sending, and why. */
    enum Outcome {
        SENT,
        /** A round was sent by hand within {@link #BETWEEN_ROUNDS} before the point fell due, or after it passed. */
        SKIPPED,
        /** The point had passed when a later one did too, and only the latest is sent. */
        SUPERSEDED
    }

    /**
     * How long after a round that went another may be sent by hand: a double click, two administrators at once or a
     * retry after a slow answer would otherwise send every member who has not voted a second reminder straight away.
     */
    static final Duration BETWEEN_ROUNDS = Duration.ofMinutes(10);

    private static final String SCHEDULED = "scheduled-";
    private static final String BY_HAND = "manual-";
    private static final String SKIPPED_BY = "system (skipped)";
    private static final String SUPERSEDED_BY = "system (superseded)";
    private static final DateTimeFormatter CLOCK_TIME =
            DateTimeFormatter.ofPattern("HH:mm").withZone(UkTime.ZONE);
    private static final Logger log = LoggerFactory.getLogger(Reminders.class);

    private final JdbcClient jdbc;
    private final BallotRepository ballots;
    private final BallotLogEntries logEntries;
    private final MemberContacts contacts;
    private final Outbox outbox;
    private final ReminderProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Reminders(
            JdbcClient jdbc,
            BallotRepository ballots,
            BallotLogEntries logEntries,
            MemberContacts contacts,
            Outbox outbox,
            ReminderProperties properties,
            PlatformTransactionManager transactionManager,
            Clock clock) {
        this.jdbc = jdbc;
        this.ballots = ballots;
        this.logEntries = logEntries;
        this.contacts = contacts;
        this.outbox = outbox;
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** Members a reminder would go to now: on the roll, not voted. */
    long notVoted(long ballotId) {
        ballots.find(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        return jdbc.sql("select count(*) from ballots.roll_entry where ballot_id = :ballot and not has_voted")
                .param("ballot", ballotId)
                .query(Long.class)
                .single();
    }

    List<Round> rounds(long ballotId) {
        ballots.find(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        return jdbc.sql("""
                        select id, ballot_id, round_key, started_by, started_at, sent, went, skipped_for
                        from ballots.reminder_round
                        where ballot_id = :ballot order by started_at desc, id desc
                        """)
                .param("ballot", ballotId)
                .query((rs, row) -> round(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getInt(6),
                        rs.getBoolean(7),
                        Optional.ofNullable(rs.getTimestamp(8)).map(Timestamp::toInstant)))
                .list();
    }

    private static Round round(
            long id,
            long ballotId,
            String key,
            String startedBy,
            Instant startedAt,
            int sent,
            boolean went,
            Optional<Instant> skippedFor) {
        Outcome outcome = went ? Outcome.SENT : startedBy.equals(SKIPPED_BY) ? Outcome.SKIPPED : Outcome.SUPERSEDED;
        Integer days = daysBeforeClose(key);
        String what = days == null ? "Sent by hand" : "Scheduled reminder (" + point(days) + ")";
        String summary = switch (outcome) {
            case SENT ->
                what + (days == null ? "" : " sent") + " to " + sent + (sent == 1 ? " member" : " members")
                        + " who had not voted";
            case SKIPPED ->
                what + " not sent: skipped because of the reminder sent by hand"
                        + skippedFor
                                .map(at -> " at " + CLOCK_TIME.format(at) + " (UK time)")
                                .orElse(" just before");
            case SUPERSEDED ->
                what + " not sent: superseded by a later scheduled reminder, due by the time this one was"
                        + " looked for";
        };
        return new Round(
                id,
                ballotId,
                key,
                startedBy,
                startedAt,
                sent,
                outcome,
                days,
                outcome == Outcome.SKIPPED ? skippedFor.orElse(null) : null,
                summary);
    }

    /** The days before the close a scheduled round's key names; null for a round by hand. */
    private static Integer daysBeforeClose(String key) {
        if (key.startsWith(SCHEDULED) && key.endsWith("d")) {
            return Integer.valueOf(key.substring(SCHEDULED.length(), key.length() - 1));
        }
        return null;
    }

    private static String point(int daysBeforeClose) {
        return daysBeforeClose + (daysBeforeClose == 1 ? " day" : " days") + " before the close";
    }

    /** The scheduled points still to come for a ballot, by the setting, the next first. */
    List<UpcomingPoint> upcoming(long ballotId) {
        return upcoming(ballotId, properties.daysBeforeClose(), clock.instant());
    }

    /**
     * The points of {@code daysBeforeClose} still to come at {@code now}, the next first: those of a ballot scheduled or
     * open, after {@code now} and after its opening, as {@link #sendDue} sends no point that passed before the opening.
     */
    List<UpcomingPoint> upcoming(long ballotId, List<Integer> daysBeforeClose, Instant now) {
        Ballot ballot = ballots.find(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        if (ballot.status() != BallotStatus.SCHEDULED && ballot.status() != BallotStatus.OPEN) {
            return List.of();
        }
        return daysBeforeClose.stream()
                .distinct()
                .filter(days -> days > 0)
                .map(days -> new UpcomingPoint(
                        ballotId,
                        days,
                        pointAt(ballot, days),
                        "Scheduled reminder (" + point(days) + ") will go " + UkTime.onOrAt(pointAt(ballot, days))
                                + " (UK time)"))
                .filter(point -> point.at().isAfter(now) && ballot.opensAt().isBefore(point.at()))
                .sorted(Comparator.comparing(UpcomingPoint::at))
                .toList();
    }

    /** An administrator's reminder, sent now, unless a round went less than {@link #BETWEEN_ROUNDS} ago. */
    @Transactional
    Round send(long ballotId, String actor) {
        holdRounds(ballotId);
        // Read once the lock is held, so a round that waited for another is measured from the one it waited for.
        Instant now = clock.instant();
        Ballot ballot = ballots.findForVoting(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        if (ballot.status() != BallotStatus.OPEN || !ballot.acceptsVotesAt(now)) {
            throw new ReminderRefused("Reminders can be sent only while the ballot is open");
        }
        Optional<Instant> last = lastRoundThatWent(ballotId);
        if (last.isPresent() && now.isBefore(last.get().plus(BETWEEN_ROUNDS))) {
            throw new ReminderRefused("The last reminder went " + UkTime.onOrAt(last.get())
                    + " (UK time); another may be sent from "
                    + UkTime.format(toTheNextMinute(last.get().plus(BETWEEN_ROUNDS)))
                    + ", so that nobody who has not voted is sent two reminders at once");
        }
        return sendRound(ballot, BY_HAND + java.util.UUID.randomUUID(), actor, now)
                .orElseThrow();
    }

    /**
     * Holds, until the transaction ends, the lock under which a ballot's rounds are started: two asked for at once
     * then see each other. An advisory lock, not the ballot's row, so that votes are never kept waiting by a round.
     */
    private void holdRounds(long ballotId) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('ballots.reminder_round', :ballot))")
                .param("ballot", ballotId)
                .query()
                .singleRow();
    }

    private Optional<Instant> lastRoundThatWent(long ballotId) {
        return jdbc.sql("""
                        select started_at from ballots.reminder_round where ballot_id = :ballot and went
                        order by started_at desc limit 1
                        """)
                .param("ballot", ballotId)
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant);
    }

    /** The minute a time is shown to, rounded up, so that a round asked for at the minute shown is not refused. */
    private static Instant toTheNextMinute(Instant at) {
        Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
        return minute.equals(at) ? at : minute.plus(Duration.ofMinutes(1));
    }

    /** As often as {@link ReminderProperties#checkEvery()} says (the bound, validated setting, read here). */
    @Scheduled(
            fixedDelayString =
                    "#{@'gpaction.ballots.reminders-org.gpaction.ballots.reminders.ReminderProperties'.checkEvery().toMillis()}",
            initialDelayString = "PT1M")
    public void sendScheduled() {
        if (properties.daysBeforeClose().isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (Ballot ballot : ballots.all()) {
            if (ballot.status() == BallotStatus.OPEN && ballot.acceptsVotesAt(now)) {
                try {
                    Integer sent =
                            transactions.execute(status -> sendDue(ballot.id(), properties.daysBeforeClose(), now));
                    if (sent != null && sent > 0) {
                        log.info("Reminded {} members of ballot {}", sent, ballot.id());
                    }
                } catch (RuntimeException e) {
                    log.error("Scheduled reminders for ballot {} failed; they will be tried again", ballot.id(), e);
                }
            }
        }
    }

    /**
     * Sends the scheduled reminder due for this ballot at this instant, if any: the latest of the configured points
     * before the close that has passed. Points that passed before the ballot opened never fire, and an earlier point
     * missed while nothing ran is marked done rather than sent straight after a later one, as is a point that falls
     * due within {@link #BETWEEN_ROUNDS} after a round sent by hand (or passed before one was): those it would remind
     * have just been. Returns how many were reminded.
     */
    @Transactional
    int sendDue(long ballotId, List<Integer> daysBeforeClose, Instant now) {
        holdRounds(ballotId);
        Ballot ballot = ballots.findForVoting(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        if (ballot.status() != BallotStatus.OPEN || !ballot.acceptsVotesAt(now)) {
            return 0;
        }
        List<Integer> due = new ArrayList<>();
        for (int days : daysBeforeClose) {
            // Days on the UK clock: across the change to or from summer time a day is 23 or 25 hours, and "7 days
            // before the close" means the same time of day as the close.
            Instant at = pointAt(ballot, days);
            if (days > 0 && !now.isBefore(at) && ballot.opensAt().isBefore(at)) {
                due.add(days);
            }
        }
        if (due.isEmpty()) {
            return 0;
        }
        int latest = due.stream().mapToInt(Integer::intValue).min().orElseThrow();
        for (int days : due) {
            if (days != latest) {
                claim(ballot.id(), SCHEDULED + days + "d", SUPERSEDED_BY, now, false, null);
            }
        }
        String key = SCHEDULED + latest + "d";
        Optional<Instant> byHand =
                roundByHandBetween(ballot.id(), pointAt(ballot, latest).minus(BETWEEN_ROUNDS), now);
        if (byHand.isPresent()) {
            if (claim(ballot.id(), key, SKIPPED_BY, now, false, byHand.get()).isPresent()) {
                logEntries.add(
                        ballot.id(),
                        "system",
                        "REMINDER_SKIPPED",
                        "Scheduled reminder (" + point(latest) + ") skipped: a reminder was sent by hand" + " at "
                                + CLOCK_TIME.format(byHand.get()) + " (UK time)",
                        now);
            }
            return 0;
        }
        return sendRound(ballot, key, "system", now).map(Round::sent).orElse(0);
    }

    private static Instant pointAt(Ballot ballot, int daysBeforeClose) {
        return ballot.closesAt().atZone(UkTime.ZONE).minusDays(daysBeforeClose).toInstant();
    }

    private Optional<Instant> roundByHandBetween(long ballotId, Instant from, Instant to) {
        return jdbc.sql("""
                        select started_at from ballots.reminder_round
                        where ballot_id = :ballot and went and round_key like :byHand
                          and started_at >= :from and started_at <= :to
                        order by started_at desc limit 1
                        """)
                .param("ballot", ballotId)
                .param("byHand", BY_HAND + "%")
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant);
    }

    /** A member to remind, and whether a replacement ended a credential of theirs (and so its links) before. */
    private record Target(String membershipNumber, long credentialId, boolean replacedBefore) {}

    private Optional<Round> sendRound(Ballot ballot, String key, String actor, Instant now) {
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
                        ), written as (
                            insert into ballots.reminder_sent (round_id, membership_number)
                            select :round, membership_number from target
                            on conflict do nothing
                            returning membership_number
                        )
                        select t.membership_number, t.id, exists (
                            select 1 from ballots.credential e
                            where e.ballot_id = :ballot and e.membership_number = t.membership_number
                              and e.state = 'REPLACED')
                        from target t join written w using (membership_number)
                        """)
                .param("ballot", ballot.id())
                .param("round", round)
                .query((rs, row) -> new Target(rs.getString(1), rs.getLong(2), rs.getBoolean(3)))
                .list();
        Map<String, String> registered =
                contacts.emails(targets.stream().map(Target::membershipNumber).toList());
        Map<String, String> corrected = new java.util.HashMap<>();
        jdbc.sql("select membership_number, email from ballots.ballot_address where ballot_id = :ballot")
                .param("ballot", ballot.id())
                .query(rs -> {
                    corrected.put(rs.getString(1), rs.getString(2));
                });
        // Written a wording at a time, each in one statement: a round can remind 200,000 members.
        List<Outbox.SecretLinkRecipient> firstLinkWorks = new ArrayList<>();
        List<Outbox.SecretLinkRecipient> replacedBefore = new ArrayList<>();
        for (Target target : targets) {
            String to = corrected.getOrDefault(target.membershipNumber(), registered.get(target.membershipNumber()));
            if (to == null) {
                continue;
            }
            (target.replacedBefore() ? replacedBefore : firstLinkWorks)
                    .add(new Outbox.SecretLinkRecipient(
                            to, BallotLinks.reminderReference(target.credentialId(), round)));
        }
        remind(ballot, false, firstLinkWorks);
        remind(ballot, true, replacedBefore);
        int sent = firstLinkWorks.size() + replacedBefore.size();
        jdbc.sql("update ballots.reminder_round set sent = :sent where id = :id")
                .param("sent", sent)
                .param("id", round)
                .update();
        logEntries.add(
                ballot.id(),
                actor,
                "REMINDER_SENT",
                describe(key) + " to "
                        + CountWords.of(
                                sent,
                                "member who had not voted, with a new link",
                                "members who had not voted, each with a new link")
                        + "; the links they had for the same credential still work",
                now);
        return Optional.of(round(round, ballot.id(), key, actor, now, sent, true, Optional.empty()));
    }

    private void remind(Ballot ballot, boolean replacedBefore, List<Outbox.SecretLinkRecipient> recipients) {
        if (!recipients.isEmpty()) {
            outbox.sendWithSecretLinks(BallotEmails.reminder(ballot, null, replacedBefore), recipients);
        }
    }

    /** A round as people read it: its key holds a random id for one sent by hand. */
    private static String describe(String key) {
        if (key.startsWith(SCHEDULED) && key.endsWith("d")) {
            return "Scheduled reminder (" + point(daysBeforeClose(key)) + ") sent";
        }
        return "Reminder sent by hand";
    }

    /**
     * Claims a round by its key; one that does not {@code go} is only marked done, and sends nothing. A point skipped
     * for a round by hand keeps when that round went, {@code skippedFor}, so that the page and the API can say so.
     */
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
