package org.gpaction.capacity.routing;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import org.gpaction.capacity.setup.Clinician;
import org.gpaction.capacity.setup.PracticeSetup;
import org.gpaction.common.KeyedHashes;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.FailedAttempts.Counted;
import org.gpaction.common.ratelimit.NetworkSubjects;
import org.gpaction.common.ratelimit.TwoLimits;
import org.springframework.stereotype.Component;

/**
 * Limits on the public front door per network address: looking it up, and sending requests through it (each of which
 * uses a clinician's contact, so a script must not be able to fill a practice's day). Requests are counted per address
 * and practice: one NHS site's Wi-Fi, or a mobile carrier's shared address, carries many patients of many practices,
 * and those of one practice must not use up the others' allowance. A look-up from an IPv6 address counts as its /64,
 * as in every limit by address ({@link FailedAttempts}); a request counts as its /56, the network a home, a small
 * office or a rented server is commonly given, so one host cannot take a fresh allowance from each of its 256 /64s.
 * Addresses are kept, as keyed hashes, only for the minutes the limits need ({@link FrontDoorAddressesKept}): a
 * request's under one keyed hash of its network and the practice, 64 hexadecimal digits like every subject counted per
 * address, so neither is kept beside the other in clear.
 *
 * <p>However many networks a flood comes from, each practice also takes no more requests through its front door in 10
 * minutes than its ceiling ({@link #practiceCeiling}): a third of the contacts its clinicians working that weekday
 * offer, rounded down, so one spell of a flood spends at most a third of a day of 12 contacts or more (8 of a single
 * GP's 25; below 12, the least ceiling of {@value #PRACTICE_CEILING_AT_LEAST} is more than a third). The
 * real demand file came to a practice of about 6,100 patients, about three clinicians at 25 contacts (75 a day; its
 * busiest day had 74), and had at most 12 requests in a quarter hour, on its busiest Monday morning: 0.16 a contact of
 * the day, where the ceiling allows a third, about twice that. So a genuine busy morning is never refused at any size,
 * while a flood is slowed to the ceiling (its pace, not the day's total, is bounded), which gives staff time to pause
 * the front door and withdraw what it sent. The ceiling is for the public front door only: staff recording on the
 * board or through the API never meet it.
 */
@Component
class FrontDoorLimits {

    enum Kind implements FailedAttempts.Kind {
        FRONT_DOOR_LOOKUP,
        /** Counted under one keyed hash of the address's network and the practice's code. */
        FRONT_DOOR_REQUEST {
            @Override
            public Counted counted() {
                return Counted.PER_SUBJECT_GIVEN;
            }
        },
        /** Counted under the practice's code: every request sent to the practice, from any network. */
        FRONT_DOOR_PRACTICE {
            @Override
            public Counted counted() {
                return Counted.PER_SUBJECT_GIVEN;
            }
        }
    }

    /** Which limit refused a request: the sender's network's, or the practice's own ceiling. */
    enum Refusal {
        NETWORK,
        PRACTICE
    }

    static final int LOOKUPS_PER_MINUTE = 120;
    static final int REQUESTS_PER_TEN_MINUTES = 10;
    /**
     * The least ceiling on a practice's requests in 10 minutes, for a day of under 12 contacts: a busy spell at the
     * real file's 0.16 a contact would bring 2 to a day of 12, and twice that still lets a few requests sent together
     * through on a day with next to no contacts, where the waiting list and the signposts answer them.
     */
    static final int PRACTICE_CEILING_AT_LEAST = 4;
    /** How long an address refused a look-up waits: what a refusal's Retry-After says. */
    static final Duration LOOKUP_WINDOW = Duration.ofMinutes(1);
    /** How long an address refused a request waits; also the spell a practice's ceiling counts over. */
    static final Duration REQUEST_WINDOW = Duration.ofMinutes(10);

    /** Each purpose has its own key, so these hashes say nothing of the network fingerprints other limits keep. */
    private static final String REQUESTS_PURPOSE = "GP Action front-door requests from one network to one practice";

    private final FailedAttempts attempts;
    private final TwoLimits bothLimits;
    private final KeyedHashes hashes;

    FrontDoorLimits(FailedAttempts attempts, TwoLimits bothLimits, KeyedHashes hashes) {
        this.attempts = attempts;
        this.bothLimits = bothLimits;
        this.hashes = hashes;
    }

    boolean mayLookUp(String address) {
        return attempts.admit(Kind.FRONT_DOOR_LOOKUP, address, LOOKUPS_PER_MINUTE, LOOKUP_WINDOW);
    }

    /**
     * The limits one request from the address to the practice is held to on {@code day}, the day it came: its
     * network's and the practice's ceiling, made once and asked twice.
     */
    RequestLimits request(String address, String odsCode, PracticeSetup setup, LocalDate day) {
        return new RequestLimits(
                new TwoLimits.Limit(
                        Kind.FRONT_DOOR_REQUEST, requestSubject(address, odsCode), REQUESTS_PER_TEN_MINUTES),
                new TwoLimits.Limit(Kind.FRONT_DOOR_PRACTICE, odsCode, practiceCeiling(setup, day)));
    }

    /**
     * One request's two limits, its network's and its practice's ceiling, given to {@link TwoLimits} in that order
     * each time it is asked: first read alone ({@link #refusedAlready}), then where it is decided ({@link #refuses}).
     */
    final class RequestLimits {

        private final TwoLimits.Limit network;
        private final TwoLimits.Limit practice;

        private RequestLimits(TwoLimits.Limit network, TwoLimits.Limit practice) {
            this.network = network;
            this.practice = practice;
        }

        /**
         * Which limit refuses the request (the network's, when both do), or empty when neither does. Both are asked in
         * one transaction, under their locks ({@link TwoLimits#admitUnderLocks}), and the request is counted against
         * both only when it is let through: a patient refused by the practice's ceiling has spent none of their
         * network's allowance, nor a flood refused by its network any of the practice's ceiling. The counts are not
         * read alone again first: {@link #refusedAlready} read them a moment before. A request that read found refused
         * reaches here only as a form sent before whose first sending gave its value back; the locks decide it as they
         * do any other.
         */
        Optional<Refusal> refuses() {
            return bothLimits.admitUnderLocks(network, practice, REQUEST_WINDOW).map(this::refusal);
        }

        /**
         * Which limit already refuses the request, as {@link #refuses} would (the network's, when both do), read
         * without a lock and counting nothing: for refusing it at once, before anything is held for it. Empty does not
         * let the request through: {@link #refuses} still decides it.
         */
        Optional<Refusal> refusedAlready() {
            return bothLimits.fullAlready(network, practice, REQUEST_WINDOW).map(this::refusal);
        }

        private Refusal refusal(TwoLimits.Limit refused) {
            return refused.equals(network) ? Refusal.NETWORK : Refusal.PRACTICE;
        }
    }

    /**
     * The most requests the practice takes through its front door in {@link #REQUEST_WINDOW}: a third of the usual
     * caps of its clinicians who work that weekday, rounded down, at least {@value #PRACTICE_CEILING_AT_LEAST}.
     */
    private static int practiceCeiling(PracticeSetup setup, LocalDate day) {
        int contacts = setup.clinicians().stream()
                .filter(c -> c.workingDays().contains(day.getDayOfWeek()))
                .mapToInt(Clinician::dailyCap)
                .sum();
        return Math.max(PRACTICE_CEILING_AT_LEAST, contacts / 3);
    }

    /**
     * What the address's requests to the practice are counted under: a keyed hash of the practice's code and the
     * address's network (an IPv6 address as its /56), the code first, as it holds no space and so ends where it ends.
     */
    String requestSubject(String address, String odsCode) {
        return hashes.of(REQUESTS_PURPOSE, odsCode + " " + NetworkSubjects.ofFiftySix(address));
    }

    /** "a minute", "10 minutes": the window as a person is told to wait it. */
    static String waitWords(Duration window) {
        long minutes = window.toMinutes();
        return minutes == 1 ? "a minute" : minutes + " minutes";
    }
}
