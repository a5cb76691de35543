package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.gpaction.common.SecretTokens;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Members of the tests' own making, with their roles, signed in to their details through a link of their own. */
final class SelfServiceMembers {

    private final JdbcClient jdbc;
    private final int port;

    SelfServiceMembers(JdbcClient jdbc, int port) {
        this.jdbc = jdbc;
        this.port = port;
    }

    String member() {
        String number = "ROLES" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        jdbc.sql("""
                        insert into membership.member (membership_number, gmc_number, given_name, family_name, email,
                            status, status_since, joined_on, updated_at)
                        values (:n, :gmc, 'Given', 'Roles', lower(:n) || '@role-ending.test', 'ACTIVE',
                            date '2015-01-01', date '2015-01-01', :now)
                        """)
                .param("n", number)
                .param("gmc", String.valueOf(ThreadLocalRandom.current().nextInt(8_000_000, 9_000_000)))
                .param("now", Timestamp.from(Instant.now()))
                .update();
        return number;
    }

    String email(String number) {
        return jdbc.sql("select email from membership.member where membership_number = :n")
                .param("n", number)
                .query(String.class)
                .single();
    }

    void role(String number, int position, String role, String practice, String from) {
        jdbc.sql("""
                        insert into membership.member_role (membership_number, position, role, practice_ods, role_from)
                        values (:n, :position, :role, :practice, :from)
                        """)
                .param("n", number)
                .param("position", position)
                .param("role", role)
                .param("practice", practice)
                .param("from", Date.valueOf(LocalDate.parse(from)))
                .update();
    }

    /**
     * A sign-in link to the member's details, made as one is made when its email goes to their registered address, not
     * yet used: its token.
     */
    String signInLink(String number) {
        String token = SecretTokens.generate();
        jdbc.sql("""
                        insert into membership.details_link (token_hash, membership_number, created_at, expires_at,
                            sent_to)
                        values (:hash, :n, now(), now() + interval '30 minutes',
                            (select sha256(convert_to(lower(email), 'UTF8')) from membership.member
                             where membership_number = :n))
                        """).param("hash", SecretTokens.hash(token)).param("n", number).update();
        return token;
    }

    Http signedIn(String number) {
        String token = signInLink(number);
        Http member = new Http(port);
        member.get("/my-details/sign-in/" + token);
        assertThat(member.postForm("/my-details/sign-in/" + token, Map.of()).status())
                .isEqualTo(302);
        return member;
    }

    /** The subject of the email whose link confirms a member's new address. */
    static final String CONFIRM_SUBJECT = "Confirm your new membership email address";

    /**
     * The link sent to the new address the member asked for, as a path, once it has come; the member's address is
     * checked first to be still the one before, as it stays until the link is opened.
     */
    String confirmationLink(String number, String newAddress) {
        assertThat(email(number)).as("unchanged until the link is opened").isNotEqualToIgnoringCase(newAddress);
        return URI.create(
                        TestMailbox.awaitMessageTo(newAddress, CONFIRM_SUBJECT).firstLink())
                .getPath();
    }

    /**
     * Opens the link confirming the new address in this browser, as its page and then its button do; the start page
     * first, so that a browser with no session yet has a form token even where the link's page has no form.
     */
    static Http.Response open(Http browser, String link) {
        browser.get("/my-details");
        browser.get(link);
        return browser.postForm(link, Map.of());
    }
}
