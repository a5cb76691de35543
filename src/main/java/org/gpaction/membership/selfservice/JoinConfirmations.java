package org.gpaction.membership.selfservice;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.UkTime;
import org.gpaction.membership.Member;
import org.gpaction.membership.MemberIdentities;
import org.gpaction.membership.MemberJoined;
import org.gpaction.membership.MembershipStatus;
import org.gpaction.membership.RoleHeld;
import org.gpaction.membership.members.AuditLog;
import org.gpaction.membership.members.MemberRepository;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.gpaction.practices.Practices;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** A joiner's confirmation link used: the trial membership it starts, or why none was made. */
@Service
class JoinConfirmations {

    enum Outcome {
        JOINED,
        ALREADY_A_MEMBER,
        /**
         * The GMC number became another member's while the request waited. The page says only that joining could not
         * be completed: whoever holds the address need not hold the number, and must not learn whose it is.
         */
        NOT_COMPLETED
    }

    record Confirmation(Outcome outcome, String membershipNumber) {}

    private final JdbcClient jdbc;
    private final MemberRepository members;
    private final Practices practices;
    private final Outbox outbox;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final GpActionProperties app;
    private final JsonMapper json;
    private final Clock clock;

    JoinConfirmations(
            JdbcClient jdbc,
            MemberRepository members,
            Practices practices,
            Outbox outbox,
            AuditLog audit,
            ApplicationEventPublisher events,
            GpActionProperties app,
            JsonMapper json,
            Clock clock) {
        this.jdbc = jdbc;
        this.members = members;
        this.practices = practices;
        this.outbox = outbox;
        this.audit = audit;
        this.events = events;
        this.app = app;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Uses the link up and starts the trial membership, or says why none was made. When the practice given has closed
     * since the request, throws {@link PracticeClosed} and leaves the link as it was.
     */
    @Transactional
    Optional<Confirmation> confirm(String token) {
        if (!SecretTokens.looksValid(token)) {
            return Optional.empty();
        }
        members.lockRollForOneChange();
        Instant now = clock.instant();
        Optional<Claimed> claimed = jdbc.sql("""
                        update membership.joining_request set confirmed_at = :now
                        where token_hash = :hash and confirmed_at is null and expires_at > :now
                        returning id, details::text
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("now", Timestamp.from(now))
                .query((rs, row) -> new Claimed(rs.getLong(1), json.readValue(rs.getString(2), JoinDetails.class)))
                .optional();
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        JoinDetails details = claimed.get().details();
        if (members.findByEmail(details.email()).isPresent()) {
            return Optional.of(new Confirmation(Outcome.ALREADY_A_MEMBER, null));
        }
        if (members.membershipNumberForGmc(details.gmcNumber()).isPresent()) {
            return Optional.of(new Confirmation(Outcome.NOT_COMPLETED, null));
        }
        LocalDate today = LocalDate.ofInstant(now, UkTime.ZONE);
        Optional<String> closed = practiceClosed(details, today);
        if (closed.isPresent()) {
            // Thrown, not answered, so the claim on the link rolls back with it: nothing changes.
            throw new PracticeClosed(closed.get());
        }
        Member member = new Member(
                members.nextMembershipNumber(),
                details.gmcNumber(),
                details.givenName(),
                details.familyName(),
                details.email(),
                MembershipStatus.TRIAL,
                today,
                today,
                // The role is the joiner's word alone: a ballot's roll waits for the scrutineer's check of it, or for a
                // membership import that gives it, before it counts for a vote.
                List.of(new RoleHeld(details.role(), details.practiceOds(), today, null, now)));
        members.insert(member, now);
        members.recordStatus(member);
        members.recordVersion(member, MemberIdentities.JOINING, now);
        jdbc.sql("update membership.joining_request set membership_number = :number where id = :id")
                .param("number", member.membershipNumber())
                .param("id", claimed.get().id())
                .update();
        audit.record("joining form", "JOINED", member.membershipNumber(), "Joined with a trial membership");
        outbox.send(new Email(
                member.email(),
                "Welcome: your membership number is " + member.membershipNumber(),
                "Dear " + member.givenName() + ",\n\n"
                        + "Your three-month trial membership has begun. Your membership number is "
                        + member.membershipNumber() + ".\n\n"
                        + "You can check and update your details at any time at " + app.link("/my-details"),
                "joining-welcome"));
        events.publishEvent(new MemberJoined(member.membershipNumber()));
        return Optional.of(new Confirmation(Outcome.JOINED, member.membershipNumber()));
    }

    private record Claimed(long id, JoinDetails details) {}

    /**
     * That the practice the joiner gave has closed since they asked (the directory imported meanwhile), so the role
     * they asked for could not begin there today; empty while it is open, or for a locum with no practice.
     */
    Optional<String> practiceClosed(JoinDetails details) {
        return practiceClosed(details, LocalDate.ofInstant(clock.instant(), UkTime.ZONE));
    }

    private Optional<String> practiceClosed(JoinDetails details, LocalDate firstDay) {
        if (details.practiceOds() == null) {
            return Optional.empty();
        }
        return practices.find(details.practiceOds()).flatMap(practice -> JoinDetailsCheck.closure(practice, firstDay));
    }

    /** A joining link whose practice has closed since the request was made: the link is left as it was. */
    static class PracticeClosed extends RuntimeException {
        private final String closure;

        PracticeClosed(String closure) {
            super("The practice given to join at has closed");
            this.closure = closure;
        }

        String closure() {
            return closure;
        }
    }
}
