package org.gpaction.ballots.results;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotLinks;
import org.gpaction.ballots.ballot.BallotNotFound;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.ballot.Certificate;
import org.gpaction.notifications.Outbox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turnout at any time, in total, by day and by area; results only once a ballot has closed. Option percentages
 * are of valid votes, turnout of those entitled, to one decimal place rounded half up. Nothing here counts votes
 * by option before the close.
 */
@Service
public class Results {

    public record Turnout(long eligible, long returned, BigDecimal turnoutPercent) {}

    /** Ballot papers returned on one UK day, and all returned up to the end of it. */
    public record DayTurnout(LocalDate day, long returned, long returnedSoFar, BigDecimal turnoutPercentSoFar) {}

    /** Turnout among those on the roll through practices in one area; a null area means none is known. */
    public record AreaTurnout(String area, long eligible, long returned, BigDecimal turnoutPercent) {}

    /**
     * The thresholds the committee reports against: at least half of those entitled returned a ballot paper, and
     * at least 40% of those entitled voted Yes. {@code yesAtLeastFortyPercentOfEntitled} is null when no option
     * is labelled Yes.
     */
    record Thresholds(
            boolean turnoutAtLeastHalf, Boolean yesAtLeastFortyPercentOfEntitled, BigDecimal yesPercentOfEntitled) {}

    public record OptionResult(String label, long votes, BigDecimal percent) {}

    /**
     * What went out, as a scrutineer's report states it: each member's first link, replacements (asked for by the
     * member and matching the roll, or issued by the scrutineer after checking contact details), reminders each
     * carrying a link, requests declined or refused, and links whose email could not be delivered.
     */
    public record Issuance(
            long firstLinks,
            long replacementsOnRequest,
            long replacementsByScrutineer,
            long reminders,
            long linksInAll,
            long requestsDeclined,
            long requestsAfterVoting,
            long undelivered) {}

    public record Result(
            long ballotId,
            long eligible,
            long issued,
            long returned,
            BigDecimal turnoutPercent,
            long spoilt,
            List<OptionResult> options,
            String logHash,
            Thresholds thresholds,
            Certificate certificate,
            Issuance issuance) {}

    private final JdbcClient jdbc;
    private final BallotRepository ballots;
    private final Outbox outbox;
    private final ResultNotices notices;
    private final Clock clock;

    Results(JdbcClient jdbc, BallotRepository ballots, Outbox outbox, ResultNotices notices, Clock clock) {
        this.jdbc = jdbc;
        this.ballots = ballots;
        this.outbox = outbox;
        this.notices = notices;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Turnout turnout(long ballotId) {
        ballots.find(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        return jdbc.sql("""
                        select count(*), count(*) filter (where has_voted)
                        from ballots.roll_entry where ballot_id = :ballot
                        """)
                .param("ballot", ballotId)
                .query((rs, row) -> new Turnout(rs.getLong(1), rs.getLong(2), percent(rs.getLong(2), rs.getLong(1))))
                .single();
    }

    /** The result, or {@link ResultsNotYetAvailable} while the ballot is still open. */
    @Transactional(readOnly = true)
    public Result result(long ballotId) {
        Ballot ballot = ballots.find(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        if (ballot.status() != BallotStatus.CLOSED && ballot.status() != BallotStatus.PUBLISHED) {
            throw new ResultsNotYetAvailable(ballot);
        }
        long eligible = count("select count(*) from ballots.roll_entry where ballot_id = :ballot", ballotId);
        long issued = count(
                "select count(distinct membership_number) from ballots.credential where ballot_id = :ballot", ballotId);
        long[] votes = new long[ballot.options().size()];
        jdbc.sql("select choice, count(*) from ballots.ballot_paper where ballot_id = :ballot group by choice")
                .param("ballot", ballotId)
                .query(rs -> {
                    votes[rs.getInt(1)] = rs.getLong(2);
                });
        long valid = 0;
        for (long v : votes) {
            valid += v;
        }
        List<OptionResult> options = new ArrayList<>();
        for (int i = 0; i < votes.length; i++) {
            options.add(new OptionResult(ballot.options().get(i), votes[i], percent(votes[i], valid)));
        }
        // Empty only for a ballot closed by hand outside the clock, which stores the hash as it closes.
        String hash = jdbc.sql("select log_hash from ballots.ballot where id = :id")
                .param("id", ballotId)
                .query((rs, row) -> rs.getString(1))
                .list()
                .get(0);
        return new Result(
                ballotId,
                eligible,
                issued,
                valid,
                percent(valid, eligible),
                0,
                options,
                hash,
                thresholds(eligible, valid, options),
                ballots.certificate(ballotId).orElse(null),
                issuance(ballotId, issued));
    }

    private Issuance issuance(long ballotId, long firstLinks) {
        // Every credential after a member's first replaced an earlier one.
        long replacements =
                count("select count(*) from ballots.credential where ballot_id = :ballot", ballotId) - firstLinks;
        long byScrutineer = count(
                "select count(*) from ballots.replacement_request where ballot_id = :ballot and state = 'ISSUED'",
                ballotId);
        long reminders =
                count("select coalesce(sum(sent), 0) from ballots.reminder_round where ballot_id = :ballot", ballotId);
        long declined = count(
                "select count(*) from ballots.replacement_request where ballot_id = :ballot and state = 'DECLINED'",
                ballotId);
        long afterVoting = count(
                "select count(*) from ballots.ballot_log where ballot_id = :ballot and action = 'REPLACEMENT_REFUSED'",
                ballotId);
        List<String> credentials = jdbc.sql("select id::text from ballots.credential where ballot_id = :ballot")
                .param("ballot", ballotId)
                .query(String.class)
                .list();
        return new Issuance(
                firstLinks,
                replacements - byScrutineer,
                byScrutineer,
                reminders,
                firstLinks + replacements + reminders,
                declined,
                afterVoting,
                outbox.undelivered(BallotLinks.CATEGORY, credentials));
    }

    static Thresholds thresholds(long eligible, long returned, List<OptionResult> options) {
        boolean half = eligible > 0 && returned * 2 >= eligible;
        for (OptionResult option : options) {
            if (option.label().equalsIgnoreCase("Yes")) {
                return new Thresholds(
                        half, eligible > 0 && option.votes() * 5 >= eligible * 2, percent(option.votes(), eligible));
            }
        }
        return new Thresholds(half, null, null);
    }

    /** Ballot papers by the day they were cast: the only time a paper carries. */
    @Transactional(readOnly = true)
    public List<DayTurnout> turnoutByDay(long ballotId) {
        long eligible = turnout(ballotId).eligible();
        List<DayTurnout> days = new ArrayList<>();
        long[] soFar = {0};
        jdbc.sql("select cast_on, count(*) from ballots.ballot_paper where ballot_id = :ballot group by cast_on"
                        + " order by cast_on")
                .param("ballot", ballotId)
                .query(rs -> {
                    long returned = rs.getLong(2);
                    soFar[0] += returned;
                    days.add(new DayTurnout(
                            rs.getDate(1).toLocalDate(), returned, soFar[0], percent(soFar[0], eligible)));
                });
        return days;
    }

    @Transactional(readOnly = true)
    public List<AreaTurnout> turnoutByIcb(long ballotId) {
        return turnoutBy("icb_code", ballotId);
    }

    @Transactional(readOnly = true)
    public List<AreaTurnout> turnoutByLmc(long ballotId) {
        return turnoutBy("lmc", ballotId);
    }

    private List<AreaTurnout> turnoutBy(String column, long ballotId) {
        ballots.find(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        return jdbc.sql("select " + column + ", count(*), count(*) filter (where has_voted)"
                        + " from ballots.roll_entry where ballot_id = :ballot group by " + column
                        + " order by " + column + " nulls last")
                .param("ballot", ballotId)
                .query((rs, row) -> new AreaTurnout(
                        rs.getString(1), rs.getLong(2), rs.getLong(3), percent(rs.getLong(3), rs.getLong(2))))
                .list();
    }

    /**
     * A closed ballot's result is made public: CLOSED → PUBLISHED, once, only after the scrutineer certified it,
     * logged with who did it, and emailed to everyone on the roll in the same transaction. The ballot's row is
     * locked first, so a second publication waits for the first and then finds it published: the roll is emailed
     * once.
     */
    @Transactional
    public Ballot publish(long ballotId, String actor) {
        Ballot ballot = ballots.lock(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        if (ballot.status() != BallotStatus.CLOSED) {
            throw new NotPublishable(ballot);
        }
        if (ballots.certificate(ballotId).isEmpty()) {
            throw new NotPublishable("The independent scrutineer has not certified the result yet: it can be"
                    + " published once they have");
        }
        Instant now = clock.instant();
        ballots.advance(ballotId, BallotStatus.PUBLISHED, now);
        int emailed = notices.send(ballot, result(ballotId));
        jdbc.sql("update ballots.ballot set published_by = :actor, result_emailed = :emailed where id = :id")
                .param("actor", actor)
                .param("emailed", emailed)
                .param("id", ballotId)
                .update();
        ballots.log(
                ballotId,
                actor,
                "PUBLISHED",
                "Result published by " + actor + " and emailed to " + emailed + " members on the roll",
                now);
        return ballots.find(ballotId).orElseThrow();
    }

    /** The hash sealed at the close beside the hash of the papers as they are now: equal unless papers changed. */
    public record SealCheck(long ballotId, String sealedHash, String papersHash, boolean unchanged) {}

    /** Recomputes the hash chain over the papers now, for a scrutineer to show nothing changed after the close. */
    @Transactional(readOnly = true)
    public SealCheck checkSeal(long ballotId) {
        Ballot ballot = ballots.find(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        if (ballot.status() != BallotStatus.CLOSED && ballot.status() != BallotStatus.PUBLISHED) {
            throw new ResultsNotYetAvailable(ballot);
        }
        String sealed = jdbc.sql("select log_hash from ballots.ballot where id = :id")
                .param("id", ballotId)
                .query((rs, row) -> rs.getString(1))
                .single();
        String now = logHash(ballotId);
        return new SealCheck(ballotId, sealed, now, now.equals(sealed));
    }

    /**
     * A hash chain over every ballot paper in paper-id order: any later change to a paper, or one added or
     * removed, gives a different hash.
     */
    public String logHash(long ballotId) {
        MessageDigest digest = sha256();
        byte[] chain = digest.digest(("GP Action ballot " + ballotId).getBytes(StandardCharsets.UTF_8));
        List<String> papers =
                jdbc.sql("""
                        select paper_id::text || '|' || choice || '|' || cast_on::text || '|' || encode(receipt_hash, 'hex')
                        from ballots.ballot_paper where ballot_id = :ballot order by paper_id
                        """).param("ballot", ballotId).query(String.class).list();
        for (String paper : papers) {
            digest.update(chain);
            digest.update(paper.getBytes(StandardCharsets.UTF_8));
            chain = digest.digest();
        }
        return HexFormat.of().formatHex(chain);
    }

    /** A share to one decimal place, rounded half up; zero when the whole is zero. */
    public static BigDecimal percentOf(long part, long whole) {
        return percent(part, whole);
    }

    static BigDecimal percent(long part, long whole) {
        if (whole == 0) {
            return BigDecimal.ZERO.setScale(1);
        }
        return BigDecimal.valueOf(part)
                .multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }

    private long count(String sql, long ballotId) {
        return jdbc.sql(sql).param("ballot", ballotId).query(Long.class).single();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Only a closed ballot the scrutineer has certified can be published, and only once. */
    public static class NotPublishable extends RuntimeException {
        NotPublishable(String message) {
            super(message);
        }

        NotPublishable(Ballot ballot) {
            super(
                    ballot.status() == BallotStatus.PUBLISHED
                            ? "The result is already published"
                            : "Only a closed ballot can be published; this ballot is " + ballot.status());
        }
    }

    public static class ResultsNotYetAvailable extends RuntimeException {
        ResultsNotYetAvailable(Ballot ballot) {
            super("Results are available once the ballot closes (" + ballot.status() + ")");
        }
    }
}
