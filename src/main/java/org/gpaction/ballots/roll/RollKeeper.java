package org.gpaction.ballots.roll;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotEmails;
import org.gpaction.ballots.ballot.BallotLinks;
import org.gpaction.ballots.ballot.BallotLogEntries;
import org.gpaction.ballots.ballot.BallotNotChangeable;
import org.gpaction.ballots.ballot.BallotNotFound;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.ballot.InvalidBallot;
import org.gpaction.ballots.ballot.LeftShut;
import org.gpaction.common.TypedText;
import org.gpaction.common.UkTime;
import org.gpaction.membership.Eligibility;
import org.gpaction.membership.EligibilityDecision;
import org.gpaction.membership.MemberContacts;
import org.gpaction.membership.MemberDetailsChanged;
import org.gpaction.membership.MemberJoined;
import org.gpaction.membership.MembersImported;
import org.gpaction.membership.RuleSet;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps each ballot's electoral roll: everyone eligible when it opens gets a credential and a personal link; until
 * the cut-off, members who become eligible get theirs straight away; at the cut-off the roll is frozen, after a last
 * pass that adds anyone a missed event would have left out.
 */
@Service
public class RollKeeper {

    private final JdbcClient jdbc;
    private final BallotRepository ballots;
    private final BallotLogEntries logEntries;
    private final Eligibility eligibility;
    private final MemberContacts contacts;
    private final Outbox outbox;
    private final Practices practices;
    private final LeftShut leftShut;
    private final Clock clock;

    RollKeeper(
            JdbcClient jdbc,
            BallotRepository ballots,
            BallotLogEntries logEntries,
            Eligibility eligibility,
            MemberContacts contacts,
            Outbox outbox,
            Practices practices,
            LeftShut leftShut,
            Clock clock) {
        this.jdbc = jdbc;
        this.ballots = ballots;
        this.logEntries = logEntries;
        this.eligibility = eligibility;
        this.contacts = contacts;
        this.outbox = outbox;
        this.practices = practices;
        this.leftShut = leftShut;
        this.clock = clock;
    }

    /** Adds everyone eligible at this instant who is not yet on the roll; returns how many were added. */
    @Transactional(propagation = Propagation.MANDATORY)
    public int addEligible(Ballot ballot, Instant at, String actor) {
        Set<String> onRoll =
                new HashSet<>(jdbc.sql("select membership_number from ballots.roll_entry where ballot_id = :ballot")
                        .param("ballot", ballot.id())
                        .query(String.class)
                        .list());
        List<EligibilityDecision> newlyEligible = new ArrayList<>();
        for (EligibilityDecision decision : eligibility.decideAll(ballot.ruleSet(), at)) {
            if (decision.eligible() && !onRoll.contains(decision.membershipNumber())) {
                newlyEligible.add(decision);
            }
        }
        return enrol(ballot, newlyEligible, actor);
    }

    /** How many members the rule set would put on a roll made at this instant, by the rules the roll uses. */
    @Transactional(readOnly = true)
    public long countEligible(RuleSet ruleSet, Instant at) {
        return eligibility.decideAll(ruleSet, at).stream()
                .filter(EligibilityDecision::eligible)
                .count();
    }

    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void on(MemberJoined joined) {
        addIfEligible(joined.membershipNumber());
    }

    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void on(MemberDetailsChanged changed) {
        addIfEligible(changed.membershipNumber());
    }

    /** An import may have made many members eligible: one pass over the roll finds them all. */
    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void on(MembersImported imported) {
        Instant now = clock.instant();
        for (Ballot ballot : ballots.all()) {
            if (ballot.status() != org.gpaction.ballots.BallotStatus.OPEN || !ballot.rollOpenAt(now)) {
                continue;
            }
            Optional<Ballot> locked = ballots.findForVoting(ballot.id());
            if (locked.isPresent() && locked.get().rollOpenAt(now)) {
                addEligible(locked.get(), now, "roll update before the cut-off");
            }
        }
    }

    /**
     * A correction to the roll by the scrutineer, typically after the cut-off: a member wrongly left off is added
     * with the reason, whatever the rules say, and the act is written to the ballot log.
     */
    @Transactional
    public void addByScrutineer(long ballotId, String membershipNumber, String reason, String scrutineer) {
        Ballot ballot = ballots.lock(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        Instant now = clock.instant();
        boolean votingClosed = switch (ballot.status()) {
            case CLOSED, PUBLISHED -> true;
            // Past its closing time it takes no vote, though the clock job may not have marked it closed yet:
            // a member added now could never vote, and the close would count them as eligible.
            case OPEN -> !now.isBefore(ballot.closesAt());
            default -> false;
        };
        if (votingClosed) {
            throw new BallotNotChangeable("Voting closed " + UkTime.onOrAt(ballot.closesAt())
                    + " (UK time), so the roll can no longer be corrected: a member added now could not vote");
        }
        if (ballot.status() != org.gpaction.ballots.BallotStatus.OPEN) {
            throw new BallotNotChangeable(notOpenYet(ballot, now));
        }
        String why = reason == null ? "" : reason.strip();
        java.util.Map<String, String> problems = new java.util.LinkedHashMap<>();
        if (why.length() < 10 || why.length() > 1000) {
            problems.put("reason", "Give the reason for the correction, in 10 to 1,000 characters");
        } else if (TypedText.hasControlCharactersBesideLineBreaks(why)) {
            problems.put("reason", "The reason must not contain control characters");
        }
        String number = membershipNumber == null ? "" : membershipNumber.strip();
        Optional<EligibilityDecision> decision = TypedText.hasControlCharacters(number)
                ? Optional.empty()
                : eligibility.decide(number, ballot.ruleSet(), now);
        if (decision.isEmpty()) {
            problems.put("membershipNumber", "There is no member with that membership number");
        } else if (onRoll(ballot.id(), decision.get().membershipNumber())) {
            problems.put("membershipNumber", "This member is already on the roll");
        }
        if (!problems.isEmpty()) {
            throw new InvalidBallot(problems);
        }
        EligibilityDecision found = decision.get();
        String evidence = "Added by the scrutineer (" + scrutineer + "): " + why
                + (found.eligible()
                        ? "; eligible now: " + found.evidence()
                        : "; not eligible under the rules now: " + String.join("; ", found.reasons()));
        enrol(
                ballot,
                List.of(new EligibilityDecision(
                        found.membershipNumber(), true, List.of(), evidence, found.practiceOds())),
                scrutineer);
        logEntries.add(
                ballot.id(),
                scrutineer,
                "ROLL_CORRECTED",
                "Added member " + found.membershipNumber() + " to the roll: " + why,
                clock.instant());
    }

    /** Why a ballot not yet open has no roll to correct, and what to do instead. */
    private String notOpenYet(Ballot ballot, Instant now) {
        Optional<String> shut = leftShut.why(ballot, now);
        if (shut.isPresent()) {
            return shut.get() + ". It has no roll to correct: the roll is made when it opens, of every member eligible"
                    + " under its rules then. Put the member's details right in the membership file (Members → Import"
                    + " the membership file) before it opens, if it is scheduled again, or correct the roll once it is"
                    + " open";
        }
        String state = ballot.status() == org.gpaction.ballots.BallotStatus.DRAFT
                ? "This ballot is a draft"
                : ballot.opensAt().isAfter(now)
                        ? "This ballot has not opened yet (it opens by itself " + UkTime.onOrAt(ballot.opensAt())
                                + ", UK time)"
                        : "This ballot has not opened yet";
        return state + ", so it has no roll to correct: the roll is made when it opens, of every member eligible"
                + " under its rules then. Put the member's details right in the membership file (Members → Import the"
                + " membership file) before it opens, or correct the roll once it is open";
    }

    private boolean onRoll(long ballotId, String membershipNumber) {
        return jdbc.sql("""
                        select exists (select 1 from ballots.roll_entry
                                       where ballot_id = :ballot and membership_number = :member)
                        """)
                .param("ballot", ballotId)
                .param("member", membershipNumber)
                .query(Boolean.class)
                .single();
    }

    private void addIfEligible(String membershipNumber) {
        Instant now = clock.instant();
        for (Ballot ballot : ballots.all()) {
            if (ballot.status() != org.gpaction.ballots.BallotStatus.OPEN || !ballot.rollOpenAt(now)) {
                continue;
            }
            Optional<Ballot> locked = ballots.findForVoting(ballot.id());
            if (locked.isEmpty() || !locked.get().rollOpenAt(now)) {
                continue;
            }
            boolean onRoll = jdbc.sql("""
                            select exists (select 1 from ballots.roll_entry
                                           where ballot_id = :ballot and membership_number = :member)
                            """)
                    .param("ballot", ballot.id())
                    .param("member", membershipNumber)
                    .query(Boolean.class)
                    .single();
            if (onRoll) {
                continue;
            }
            eligibility
                    .decide(membershipNumber, ballot.ruleSet(), now)
                    .filter(EligibilityDecision::eligible)
                    .ifPresent(decision -> enrol(ballot, List.of(decision), "roll update before the cut-off"));
        }
    }

    /**
     * Puts members on the roll with their evidence, issues each a credential and queues their voting email, in the
     * caller's transaction; answers how many it added. Each step is one statement over arrays, so a national roll
     * opens in seconds. A member already on the roll is left as they are, also one put there by another transaction
     * while this one was deciding (an import's pass and a member's own change, each holding the ballot shared, can
     * both find the same member missing): the roll entry waits for that one to commit and is then skipped, with
     * everyone else in the pass still added.
     */
    private int enrol(Ballot ballot, List<EligibilityDecision> decisions, String actor) {
        if (decisions.isEmpty()) {
            return 0;
        }
        Timestamp now = Timestamp.from(clock.instant());
        int size = decisions.size();
        String[] members = new String[size];
        String[] evidence = new String[size];
        String[] ods = new String[size];
        String[] icbs = new String[size];
        String[] lmcs = new String[size];
        // The area is recorded as the directory has it now, so turnout per ICB and LMC does not shift when a
        // practice later moves between areas.
        Map<String, Practice> qualifying = practices.findAll(decisions.stream()
                .map(EligibilityDecision::practiceOds)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet()));
        for (int i = 0; i < size; i++) {
            EligibilityDecision decision = decisions.get(i);
            Practice practice = decision.practiceOds() == null ? null : qualifying.get(decision.practiceOds());
            members[i] = decision.membershipNumber();
            evidence[i] = decision.evidence();
            ods[i] = practice == null ? decision.practiceOds() : practice.odsCode();
            icbs[i] = practice == null ? null : practice.icbCode();
            lmcs[i] = practice == null ? null : practice.lmc();
        }
        String[] added = jdbc.sql("""
                        insert into ballots.roll_entry (ballot_id, membership_number, added_at, added_by, evidence,
                            practice_ods, icb_code, lmc)
                        select :ballot, member, :now, :actor, evidence, ods, icb, lmc
                        from unnest(cast(:members as text[]), cast(:evidence as text[]), cast(:ods as text[]),
                                    cast(:icbs as text[]), cast(:lmcs as text[])) as entry (member, evidence, ods, icb, lmc)
                        on conflict (ballot_id, membership_number) do nothing
                        returning membership_number
                        """)
                .param("ballot", ballot.id())
                .param("now", now)
                .param("actor", actor)
                .param("members", members)
                .param("evidence", evidence)
                .param("ods", ods)
                .param("icbs", icbs)
                .param("lmcs", lmcs)
                .query(String.class)
                .list()
                .toArray(String[]::new);
        if (added.length == 0) {
            return 0;
        }
        Map<String, Long> credentials = new HashMap<>();
        jdbc.sql("""
                        insert into ballots.credential (ballot_id, membership_number, issued_at, state)
                        select :ballot, member, :now, 'ACTIVE' from unnest(cast(:members as text[])) as member
                        returning membership_number, id
                        """)
                .param("ballot", ballot.id())
                .param("now", now)
                .param("members", added)
                .query(rs -> {
                    credentials.put(rs.getString(1), rs.getLong(2));
                });
        Map<String, String> addresses = contacts.emails(List.of(added));
        List<Outbox.SecretLinkRecipient> recipients = new ArrayList<>(added.length);
        for (String member : added) {
            recipients.add(
                    new Outbox.SecretLinkRecipient(addresses.get(member), String.valueOf(credentials.get(member))));
        }
        Email email = votingEmail(ballot, null);
        outbox.sendWithSecretLinks(email, recipients);
        return added.length;
    }

    public Email votingEmail(Ballot ballot, String to) {
        return BallotEmails.ofBallot(
                ballot,
                new Email(
                        to,
                        "Your ballot: " + ballot.title(),
                        "This email comes from " + ballot.scrutineerName()
                                + ", the independent scrutineer of this ballot.\n\n"
                                + ballot.question() + "\n\n"
                                + "Vote here:\n" + Email.SECRET_LINK + "\n\n"
                                + "This link is yours alone. It works once: do not forward it to anyone. Voting closes "
                                + UkTime.onOrAt(ballot.closesAt()) + " (UK time).\n\n"
                                + "Your vote is secret. It is encrypted as you cast it and only the encrypted vote is"
                                + " stored, so nobody who reads GP Action's database or its backups can see how you"
                                + " voted; only the totals are decrypted. What this does not cover: GP Action's server"
                                + " sees your choice for the moment it encrypts it; all the ballot's trustees together"
                                + " (usually the scrutineer alone) could decrypt a single vote; whoever could change"
                                + " the database before the ballot opened could have put a key of their own in place"
                                + " of a trustee's; and the union, which runs GP Action, can see whether you voted,"
                                + " though not how.",
                        BallotLinks.CATEGORY));
    }
}
