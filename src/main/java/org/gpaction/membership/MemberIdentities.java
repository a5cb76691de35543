package org.gpaction.membership;

import java.time.Duration;
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
     * When someone other than each member (an administrator's edit or import) last changed their address, for the
     * members it was ever changed for so, in one statement however many are asked about: whether their registered
     * address can be trusted with a ballot link turns on it. A change the member made themselves, joining or through a
     * sign-in link, is not counted; nor does a later such change hide another's, as that sign-in link went to the
     * address the other person set, so it proves only that they hold it.
     */
    public Map<String, Instant> addressesOthersLastChanged(Collection<String> membershipNumbers) {
        Map<String, Instant> changed = new HashMap<>();
        if (membershipNumbers.isEmpty()) {
            return changed;
        }
        jdbc.sql("""
                        select membership_number, max(recorded_at)
                        from (select membership_number, recorded_at, recorded_by, lower(snapshot->>'email') as email,
                                     lag(lower(snapshot->>'email'))
                                         over (partition by membership_number order by recorded_at, id) as before
                              from membership.member_version where membership_number = any(:numbers)) versions
                        where before is not null and email is distinct from before
                          and recorded_by not in (:joining, :self)
                        group by membership_number
                        """)
                .param("numbers", membershipNumbers.toArray(String[]::new))
                .param("joining", JOINING)
                .param("self", SELF_SERVICE)
                .query(rs -> {
                    changed.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                });
        return changed;
    }

    /**
     * How far back a self-service change of address also tells the address from before other people's changes. It
     * covers the attack that notice is for (someone sets a member's address, say by an import, then changes it again
     * through a sign-in link sent there), which takes days, not months; but routine changes also arrive through the
     * administrators' import, and the address before an old one may be a mailbox someone else reads now (a former
     * job's).
     */
    public static final Duration OTHERS_CHANGES_LOOKED_BACK_ON = Duration.ofDays(30);

    /**
     * The address the member had before someone other than the member last changed it, if they did so in the
     * {@link #OTHERS_CHANGES_LOOKED_BACK_ON last 30 days}: where the member is told of a change made through the
     * address that person set, who may not be the member. Empty when the member set the address they have themselves
     * (or it is their first), or someone else set it longer ago.
     */
    public Optional<String> addressBeforeOthersChanges(String membershipNumber, Instant now) {
        record Change(String email, String by, Instant at) {}
        java.util.List<Change> changes = jdbc.sql("""
                        select email, recorded_by, recorded_at
                        from (select id, recorded_at, recorded_by, lower(snapshot->>'email') as email,
                                     lag(lower(snapshot->>'email')) over (order by recorded_at, id) as before
                              from membership.member_version where membership_number = :number) versions
                        where email is distinct from before
                        order by recorded_at, id
                        """)
                .param("number", membershipNumber)
                .query((rs, row) -> new Change(
                        rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .list();
        Instant since = now.minus(OTHERS_CHANGES_LOOKED_BACK_ON);
        int last = changes.size() - 1;
        int kept = last;
        while (kept > 0
                && !JOINING.equals(changes.get(kept).by())
                && !SELF_SERVICE.equals(changes.get(kept).by())
                && changes.get(kept).at().isAfter(since)) {
            kept--;
        }
        return kept == last
                ? Optional.empty()
                : Optional.ofNullable(changes.get(kept).email());
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

    /**
     * Members' names and GMC numbers shown to a member of staff (the scrutineer checking roles members declared), each
     * recorded in the membership audit log. Members not found are left out. The entries are committed at once,
     * whatever becomes of the caller's transaction: the details were shown.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Map<String, Contact> contactsViewedBy(Collection<String> membershipNumbers, String actor, String why) {
        Map<String, Contact> contacts = new HashMap<>();
        if (membershipNumbers.isEmpty()) {
            return contacts;
        }
        jdbc.sql("""
                        select membership_number, gmc_number, given_name || ' ' || family_name, email
                        from membership.member where membership_number = any(:numbers)
                        """).param("numbers", membershipNumbers.toArray(String[]::new)).query(rs -> {
            contacts.put(
                    rs.getString(1), new Contact(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        });
        audit.recordEach(actor, "VIEW", contacts.keySet(), why);
        return contacts;
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
