package org.gpaction.ballots.reminders;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotNotFound;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.common.UkTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** What the reminders page and API show of a ballot: who a reminder would reach, the rounds so far, those to come. */
@Service
class ReminderHistory {

    private final JdbcClient jdbc;
    private final BallotRepository ballots;
    private final ReminderProperties properties;
    private final Clock clock;

    ReminderHistory(JdbcClient jdbc, BallotRepository ballots, ReminderProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.ballots = ballots;
        this.properties = properties;
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
                .query((rs, row) -> Round.of(
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

    /** The scheduled points still to come for a ballot, by the setting, the next first. */
    List<UpcomingPoint> upcoming(long ballotId) {
        return upcoming(ballotId, properties.daysBeforeClose(), clock.instant());
    }

    /**
     * The points of {@code daysBeforeClose} still to come at {@code now}, the next first: those of a ballot scheduled or
     * open, after {@code now} and after its opening, as {@link ScheduledReminders#sendDue} sends no point that passed
     * before the opening.
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
                        ScheduledReminders.pointAt(ballot, days),
                        "Scheduled reminder (" + Round.point(days) + ") will go "
                                + UkTime.onOrAt(ScheduledReminders.pointAt(ballot, days)) + " (UK time)"))
                .filter(point -> point.at().isAfter(now) && ballot.opensAt().isBefore(point.at()))
                .sorted(Comparator.comparing(UpcomingPoint::at))
                .toList();
    }
}
