package org.gpaction.ballots.replacement;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The addresses the scrutineer has sent a member a link to for a ballot: the requests they issued. The scrutineer
 * checked each, so a registered address among them is trusted as if the member had set it, however it was set
 * ({@link RegisteredAddressRule}). The rule, and what a round writes last ({@link AddressesHeldBack}), read this one
 * definition.
 */
@Component
class ScrutineerSentAddresses {

    /**
     * Each member and address, in lower case, the scrutineer sent a link to for the ballot of the parameter named
     * ballot: for use as a subquery.
     */
    static final String SENT = """
            select s.membership_number, lower(s.sent_to) as email from ballots.replacement_request s
            where s.ballot_id = :ballot and s.state = 'ISSUED' and s.sent_to is not null
            """;

    private final JdbcClient jdbc;

    ScrutineerSentAddresses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The addresses, in lower case, by member, for every member of the ballot, in one statement. */
    Map<String, Set<String>> byMember(long ballotId) {
        Map<String, Set<String>> sent = new HashMap<>();
        jdbc.sql(SENT).param("ballot", ballotId).query(rs -> {
            sent.computeIfAbsent(rs.getString(1), number -> new HashSet<>()).add(rs.getString(2));
        });
        return sent;
    }

    /** Whether the scrutineer has sent this member a link to this address for the ballot. */
    boolean sentTo(long ballotId, String membershipNumber, String email) {
        return jdbc.sql("select exists (select 1 from (" + SENT
                        + ") s where s.membership_number = :member and s.email = :email)")
                .param("ballot", ballotId)
                .param("member", membershipNumber)
                .param("email", email.toLowerCase(Locale.ROOT))
                .query(Boolean.class)
                .single();
    }
}
