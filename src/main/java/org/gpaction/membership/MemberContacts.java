package org.gpaction.membership;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Members' registered email addresses, for modules that write to members (ballot links, reminders). */
@Service
public class MemberContacts {

    private final JdbcClient jdbc;

    MemberContacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Map<String, String> emails(Collection<String> membershipNumbers) {
        Map<String, String> emails = new HashMap<>();
        if (membershipNumbers.isEmpty()) {
            return emails;
        }
        jdbc.sql("select membership_number, email from membership.member where membership_number = any(:numbers)")
                .param("numbers", membershipNumbers.toArray(String[]::new))
                .query(rs -> {
                    emails.put(rs.getString(1), rs.getString(2));
                });
        return emails;
    }

    /** Whether an address belongs to a member, so that others (event registrants) can be offered the join page. */
    public boolean isMember(String email) {
        return email != null
                && jdbc.sql("select exists (select 1 from membership.member where lower(email) = lower(:email))")
                        .param("email", email.strip())
                        .query(Boolean.class)
                        .single();
    }
}
