package org.gpaction.membership;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.gpaction.membership.members.AuditLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who someone says they are, checked against the roll: for modules that act on a member's own request (a
 * replacement voting link) and the staff who check such requests. Only a match of both membership number (in any
 * case) and GMC number counts; callers must answer the person the same way whether or not there was one.
 */
@Service
public class MemberIdentities {

    /** A member's name and registered address, for acting on and checking their request. */
    public record Contact(String membershipNumber, String gmcNumber, String name, String email) {

        @Override
        public String toString() {
            return "Contact[" + membershipNumber + "]";
        }
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;

    MemberIdentities(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** Who records a change the member made themselves: their joining form, and their own details page. */
    public static final String JOINING = "joining form";

    public static final String SELF_SERVICE = "member (self-service)";

    /**
     * Whether the member's registered address can be trusted with a ballot link they ask for: it was theirs at
     * {@code since} (when their first link went), or they set it themselves, joining or through a sign-in link sent to
     * the address they had. An address someone else set since (an administrator's import) is not: a link sent there
     * could carry the member's vote to whoever set it.
     */
    public boolean addressTheirsSince(String membershipNumber, Instant since) {
        return jdbc.sql("""
                        select recorded_at <= :since or recorded_by in (:joining, :self) or before is null
                        from (select id, recorded_at, recorded_by, lower(snapshot->>'email') as email,
                                     lag(lower(snapshot->>'email')) over (order by recorded_at, id) as before
                              from membership.member_version where membership_number = :number) versions
                        -- The version that set the address it has now (the first version set the first address).
                        where email is distinct from before
                        order by recorded_at desc, id desc
                        limit 1
                        """)
                .param("since", java.sql.Timestamp.from(since))
                .param("joining", JOINING)
                .param("self", SELF_SERVICE)
                .param("number", membershipNumber)
                .query(Boolean.class)
                .optional()
                .orElse(true);
    }

    /** The member holding both numbers, or empty when either is unknown or they belong to different people. */
    public Optional<Contact> match(String membershipNumber, String gmcNumber) {
        String number = MembershipNumbers.normalise(membershipNumber);
        String gmc = gmcNumber == null ? "" : gmcNumber.strip();
        if (number.isEmpty() || gmc.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select membership_number, gmc_number, given_name || ' ' || family_name, email
                        from membership.member where upper(membership_number) = :number and gmc_number = :gmc
                        """)
                .param("number", number)
                .param("gmc", gmc)
                .query((rs, row) -> new Contact(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .optional();
    }

    /**
     * Members' names shown to a member of staff (the scrutineer's marked register), each recorded in the membership
     * audit log. Members not found are left out. The entries are committed at once, whatever becomes of the caller's
     * transaction: the names were shown.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Map<String, String> namesViewedBy(Collection<String> membershipNumbers, String actor, String why) {
        Map<String, String> names = new HashMap<>();
        if (membershipNumbers.isEmpty()) {
            return names;
        }
        jdbc.sql("""
                        select membership_number, given_name || ' ' || family_name from membership.member
                        where membership_number = any(:numbers)
                        """).param("numbers", membershipNumbers.toArray(String[]::new)).query(rs -> {
            names.put(rs.getString(1), rs.getString(2));
        });
        audit.recordEach(actor, "VIEW", names.keySet(), why);
        return names;
    }

    /** A member's contact details shown to a member of staff, recorded in the membership audit log. */
    public Optional<Contact> viewedBy(String membershipNumber, String actor, String why) {
        Optional<Contact> contact = jdbc.sql("""
                        select membership_number, gmc_number, given_name || ' ' || family_name, email
                        from membership.member where membership_number = :number
                        """)
                .param("number", membershipNumber)
                .query((rs, row) -> new Contact(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .optional();
        contact.ifPresent(found -> audit.record(actor, "VIEW", membershipNumber, why));
        return contact;
    }
}
