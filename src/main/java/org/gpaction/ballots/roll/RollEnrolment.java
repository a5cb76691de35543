package org.gpaction.ballots.roll;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotEmails;
import org.gpaction.ballots.ballot.BallotLinks;
import org.gpaction.common.UkTime;
import org.gpaction.membership.EligibilityDecision;
import org.gpaction.membership.MemberContacts;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Putting members on a ballot's roll once {@link RollKeeper} has decided who: each one's entry, credential and voting
 * email, whoever decided it (the roll opening, a member becoming eligible or asking for a link, the scrutineer's
 * correction).
 */
@Component
class RollEnrolment {

    private final JdbcClient jdbc;
    private final MemberContacts contacts;
    private final Outbox outbox;
    private final Practices practices;
    private final Clock clock;

    RollEnrolment(JdbcClient jdbc, MemberContacts contacts, Outbox outbox, Practices practices, Clock clock) {
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.outbox = outbox;
        this.practices = practices;
        this.clock = clock;
    }

    /**
     * Puts members on the roll with their evidence, issues each a credential and queues their voting email, in the
     * caller's transaction; answers how many it added. Each step is one statement over arrays, so a national roll
     * opens in seconds. A member already on the roll is left as they are, also one put there by another transaction
     * while this one was deciding (an import's pass and a member's own change, each holding the ballot shared, can
     * both find the same member missing): the roll entry waits for that one to commit and is then skipped, with
     * everyone else in the pass still added.
     */
    int enrol(Ballot ballot, List<EligibilityDecision> decisions, String actor) {
        Timestamp now = Timestamp.from(clock.instant());
        holdForCheck(
                ballot,
                decisions.stream().filter(EligibilityDecision::selfDeclared).toList(),
                now);
        decisions =
                decisions.stream().filter(decision -> !decision.selfDeclared()).toList();
        if (decisions.isEmpty()) {
            return 0;
        }
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
        // A member waiting for the scrutineer's check whom the rules now find eligible by the union's record (an
        // import gave the role), or whom the scrutineer confirmed or added: the check is settled by that.
        jdbc.sql("""
                        update ballots.roll_check set state = 'CONFIRMED', decided_at = :now, decided_by = :actor
                        where ballot_id = :ballot and state = 'WAITING' and membership_number = any(:members)
                        """)
                .param("ballot", ballot.id())
                .param("now", now)
                .param("actor", actor)
                .param("members", added)
                .update();
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

    /**
     * Members eligible only by a role they declared themselves wait for the scrutineer's check instead of getting a
     * link: anyone can join online as a partner with a made-up GMC number, at an address they control. A check is of
     * one declaration (the role, practice and moment declared). One waiting whose qualifying declaration is now another
     * is checked for that one instead; a refusal stands against the declaration refused, and a member refused who
     * declares a new qualifying role waits for a new check of it.
     */
    private void holdForCheck(Ballot ballot, List<EligibilityDecision> declared, Timestamp now) {
        if (declared.isEmpty()) {
            return;
        }
        int size = declared.size();
        String[] members = new String[size];
        String[] roles = new String[size];
        String[] ods = new String[size];
        String[] evidence = new String[size];
        String[] declaredAt = new String[size];
        for (int i = 0; i < size; i++) {
            EligibilityDecision decision = declared.get(i);
            members[i] = decision.membershipNumber();
            roles[i] = decision.qualifyingRole().role().name();
            ods[i] = decision.practiceOds();
            evidence[i] = decision.evidence();
            declaredAt[i] = decision.qualifyingRole().declaredAt().toString();
        }
        jdbc.sql("""
                        insert into ballots.roll_check (ballot_id, membership_number, role, practice_ods, evidence,
                            declared_at, waiting_since, state)
                        select :ballot, member, role, ods, evidence, declared, :now, 'WAITING'
                        from unnest(cast(:members as text[]), cast(:roles as text[]), cast(:ods as text[]),
                                    cast(:evidence as text[]), cast(:declared as timestamptz[]))
                             as entry (member, role, ods, evidence, declared)
                        where not exists (select 1 from ballots.roll_entry e
                                          where e.ballot_id = :ballot and e.membership_number = entry.member)
                          and not exists (select 1 from ballots.roll_check decided
                                          where decided.ballot_id = :ballot and decided.membership_number = entry.member
                                            and decided.state <> 'WAITING' and decided.role = entry.role
                                            and decided.practice_ods is not distinct from entry.ods
                                            and decided.declared_at = entry.declared)
                        on conflict (ballot_id, membership_number) where state = 'WAITING' do update
                            set role = excluded.role, practice_ods = excluded.practice_ods, evidence = excluded.evidence,
                                declared_at = excluded.declared_at
                            where (roll_check.role, roll_check.practice_ods, roll_check.declared_at)
                                  is distinct from (excluded.role, excluded.practice_ods, excluded.declared_at)
                        """)
                .param("ballot", ballot.id())
                .param("now", now)
                .param("members", members)
                .param("roles", roles)
                .param("ods", ods)
                .param("evidence", evidence)
                .param("declared", declaredAt)
                .update();
    }

    Email votingEmail(Ballot ballot, String to) {
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
