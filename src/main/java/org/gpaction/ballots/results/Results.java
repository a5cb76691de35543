package org.gpaction.ballots.results;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.Certificate;
import org.gpaction.ballots.roll.RollChecks;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turnout at any time, in total, by day and by area; results only once a ballot has closed; the seal on its papers;
 * publication. Each job is done by a class of its own in this package: {@link Turnouts}, {@link ResultCount} with
 * {@link IssuanceCount}, {@link PaperSeal} and {@link Publication}.
 */
@Service
public class Results {

    public record Turnout(long eligible, long returned, BigDecimal turnoutPercent) {}

    /** Ballot papers returned on one UK day, and all returned up to the end of it. */
    public record DayTurnout(LocalDate day, long returned, long returnedSoFar, BigDecimal turnoutPercentSoFar) {}

    /** Turnout among those on the roll through practices in one area; a null area means none is known. */
    public record AreaTurnout(String area, long eligible, long returned, BigDecimal turnoutPercent) {}

    private static final String BESIDE_THRESHOLD = " to one decimal place, rounded half up when the threshold is"
            + " reached and down when it is not, so that it never reads as reaching a threshold it did not reach";

    /**
     * The thresholds the committee reports against: at least half of those entitled returned a ballot paper, and
     * at least 40% of those entitled voted Yes, each with the share to stand beside it. {@code
     * yesAtLeastFortyPercentOfEntitled} is null when no option is labelled Yes.
     */
    record Thresholds(
            boolean turnoutAtLeastHalf,

            @Schema(
                    description = "The share of those entitled who returned a ballot paper," + BESIDE_THRESHOLD
                            + ": it can be 0.1 below turnoutPercent, which is always rounded half up")
            BigDecimal turnoutPercentOfEntitled,

            Boolean yesAtLeastFortyPercentOfEntitled,

            @Schema(
                    description = "The share of those entitled who voted Yes," + BESIDE_THRESHOLD
                            + "; stated nowhere else in the result, whose option percentages are of valid votes")
            BigDecimal yesPercentOfEntitled) {}

    public record OptionResult(String label, long votes, BigDecimal percent) {}

    /**
     * What went out, as a scrutineer's report states it: each member's first link, replacements (asked for by the
     * member and matching the roll, or issued by the scrutineer after checking contact details), reminders each
     * carrying a link, requests declined or refused, links whose email could not be delivered, and how many members
     * were emailed the result when it was published ({@code resultEmailed}, null until then).
     */
    public record Issuance(
            long firstLinks,
            long replacementsOnRequest,
            long replacementsByScrutineer,
            long reminders,
            long linksInAll,
            long requestsDeclined,
            long requestsAfterVoting,
            long undelivered,
            Integer resultEmailed) {}

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
            Issuance issuance,

            @Schema(
                    description = "Members held for the scrutineer's check of a role they declared themselves, and"
                            + " how those checks were settled by the close (as the result page and its CSV count them)")
            RollChecks.Counts selfDeclared) {}

    /** A paper the count spoilt: its receipt as the voter holds it, and why, as the ballot record's tally.json says. */
    public record SpoiltPaper(long position, String receipt, String reason) {}

    /** The hash sealed at the close beside the hash of the papers as they are now: equal unless papers changed. */
    public record SealCheck(long ballotId, String sealedHash, String papersHash, boolean unchanged) {}

    private final Turnouts turnouts;
    private final ResultCount count;
    private final PaperSeal seal;
    private final Publication publication;

    Results(Turnouts turnouts, ResultCount count, PaperSeal seal, Publication publication) {
        this.turnouts = turnouts;
        this.count = count;
        this.seal = seal;
        this.publication = publication;
    }

    @Transactional(readOnly = true)
    public Turnout turnout(long ballotId) {
        return turnouts.total(ballotId);
    }

    /** Ballot papers by the day they were cast: the only time a paper carries. */
    @Transactional(readOnly = true)
    public List<DayTurnout> turnoutByDay(long ballotId) {
        return turnouts.byDay(ballotId);
    }

    @Transactional(readOnly = true)
    public List<AreaTurnout> turnoutByIcb(long ballotId) {
        return turnouts.byIcb(ballotId);
    }

    @Transactional(readOnly = true)
    public List<AreaTurnout> turnoutByLmc(long ballotId) {
        return turnouts.byLmc(ballotId);
    }

    /** The result, or {@link ResultsNotYetAvailable} while the ballot is still open. */
    @Transactional(readOnly = true)
    public Result result(long ballotId) {
        return count.result(ballotId);
    }

    /** The papers the count spoilt, in the order of the ballot record; none before the count. */
    @Transactional(readOnly = true)
    public List<SpoiltPaper> spoiltPapers(long ballotId) {
        return count.spoiltPapers(ballotId);
    }

    /** Publishes a closed, certified ballot's result once; see {@link Publication}. */
    @Transactional
    public Ballot publish(long ballotId, String actor) {
        return publication.publish(ballotId, actor);
    }

    /**
     * Recomputes the hash chain over the papers now, for a scrutineer to show nothing changed after the close; refused
     * with {@link SealChecksBusy} while other staff checks are reading papers (see {@link PaperSeal}).
     */
    public SealCheck checkSeal(long ballotId) {
        return seal.checkAtMostAtOnce(ballotId);
    }

    /** As {@link #checkSeal}, never refused: for the public page, which checks each ballot's at most once a minute. */
    @Transactional(readOnly = true)
    SealCheck checkSealForThePublic(long ballotId) {
        return seal.check(ballotId);
    }

    /** The hash chain over the ballot's papers as they are now; see {@link PaperSeal}. */
    public String logHash(long ballotId) {
        return seal.hash(ballotId);
    }

    /** A share to one decimal place, rounded half up; zero when the whole is zero. */
    public static BigDecimal percentOf(long part, long whole) {
        return Percent.of(part, whole);
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

    /** Other staff seal checks are reading papers now: this one can be asked again after {@link #retryAfterSeconds}. */
    public static class SealChecksBusy extends RuntimeException {
        private final int retryAfterSeconds;

        SealChecksBusy(int retryAfterSeconds) {
            super("Other seal checks are reading the ballot papers now: try again in a minute");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** Voting is still open, or it has closed and the trustees have not yet decrypted the totals. */
    public static class ResultsNotYetAvailable extends RuntimeException {
        private final boolean votingClosed;

        ResultsNotYetAvailable(Ballot ballot) {
            super("Results are available once the ballot closes (" + ballot.status() + ")");
            this.votingClosed = false;
        }

        ResultsNotYetAvailable(String awaitingTrustees) {
            super(awaitingTrustees);
            this.votingClosed = true;
        }

        public boolean votingClosed() {
            return votingClosed;
        }
    }
}
