package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.gpaction.common.UkTime;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;

/**
 * The details someone typed to join, and members' sign-in links, go a week after the link is used or expires, and
 * the privacy notice says so; so do the records counted for rate limits, unconfirmed pledges and links to withdraw
 * pledges.
 */
@GpActionTest
@Import(MovingClocks.class)
class SpentLinksTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SpentLinks spentLinks;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    EmailChanges emailChanges;

    @Autowired
    DetailsSignIn signIn;

    @Autowired
    MovingClock clock;

    @AfterEach
    void clockBackToNow() {
        MovingClocks.backToNow(clock, jdbc);
    }

    @Test
    void aRequestToJoinOrASignInLinkGoesAWeekAfterItIsUsedOrExpires() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        ZonedDateTime now = ZonedDateTime.now(UkTime.ZONE);
        Instant eightDaysAgo = now.minusDays(8).toInstant();
        Instant sixDaysAgo = now.minusDays(6).toInstant();
        Instant tomorrow = now.plusDays(1).toInstant();
        // One such as another test class could have left on the shared database for its own checks, not to be touched.
        joining(tag + " another test class's, expired 8 days ago", eightDaysAgo, null);
        try {
            // The job deletes every spent request and link, other test classes' too: it runs in a transaction rolled
            // back once this test has read what it left, so none of theirs is deleted for good. This test's own rows
            // are stored in the same transaction, which the job joins, and go with the rollback.
            TransactionStatus storing = transactions.getTransaction(TransactionDefinition.withDefaults());
            try {
                joining(tag + " expired 8 days ago", eightDaysAgo, null);
                joining(tag + " used 8 days ago", sixDaysAgo, eightDaysAgo);
                joining(tag + " expired 6 days ago", sixDaysAgo, null);
                joining(tag + " used 8 days ago, expiring tomorrow", tomorrow, eightDaysAgo);
                joining(tag + " waiting", tomorrow, null);
                neverSent(tag + " never sent, expired 8 days ago", eightDaysAgo);
                neverSent(tag + " never sent yet", tomorrow);
                String number = member(tag);
                byte[] usedLong = detailsLink(number, sixDaysAgo, eightDaysAgo);
                byte[] expiredLong = detailsLink(number, eightDaysAgo, null);
                byte[] usedLately = detailsLink(number, tomorrow, sixDaysAgo);

                assertThat(spentLinks.forgetSpentLinks()).isGreaterThanOrEqualTo(7);

                assertThat(requestsToJoin(tag))
                        .containsExactly(tag + " expired 6 days ago", tag + " never sent yet", tag + " waiting");
                List<byte[]> links = jdbc.sql(
                                "select token_hash from membership.details_link where membership_number = :n")
                        .param("n", number)
                        .query(byte[].class)
                        .list();
                assertThat(links).hasSize(1);
                assertThat(links.get(0))
                        .isEqualTo(usedLately)
                        .isNotEqualTo(usedLong)
                        .isNotEqualTo(expiredLong);
                assertThat(jdbc.sql("select count(*) from membership.member where membership_number = :n")
                                .param("n", number)
                                .query(Integer.class)
                                .single())
                        .as("the member is kept")
                        .isOne();
                assertThat(spentLinks.forgetSpentLinks())
                        .as("nothing spent is left")
                        .isZero();
            } finally {
                transactions.rollback(storing);
            }

            assertThat(requestsToJoin(tag))
                    .as("another test class's spent request, still there after this test, and none of this test's")
                    .containsExactly(tag + " another test class's, expired 8 days ago");
        } finally {
            jdbc.sql("delete from membership.joining_request where details->>'givenName' like :tag")
                    .param("tag", tag + "%")
                    .update();
        }
    }

    private List<String> requestsToJoin(String tag) {
        return jdbc.sql("""
                        select details->>'givenName' from membership.joining_request
                        where details->>'givenName' like :tag order by 1
                        """).param("tag", tag + "%").query(String.class).list();
    }

    @Test
    void aChangeOfEmailAddressWaitingToBeConfirmedGoesAWeekAfterItsLinkIsUsedExpiresOrIsOvertaken() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        ZonedDateTime now = ZonedDateTime.now(UkTime.ZONE);
        Instant eightDaysAgo = now.minusDays(8).toInstant();
        Instant sixDaysAgo = now.minusDays(6).toInstant();
        Instant tomorrow = now.plusDays(1).toInstant();
        // Read in the transaction the job joins and rolled back, as above: no other test class's row goes for good.
        TransactionStatus storing = transactions.getTransaction(TransactionDefinition.withDefaults());
        try {
            String number = member(tag);
            emailChange(number, "expired-long@" + tag + ".test", eightDaysAgo, null);
            emailChange(number, "spent-long@" + tag + ".test", tomorrow, eightDaysAgo);
            emailChange(number, "spent-lately@" + tag + ".test", tomorrow, sixDaysAgo);
            emailChange(number, "waiting@" + tag + ".test", tomorrow, null);
            spentLinks.forgetSpentLinks();

            assertThat(jdbc.sql("select new_email from membership.email_change where membership_number = :n order by 1")
                            .param("n", number)
                            .query(String.class)
                            .list())
                    .containsExactly("spent-lately@" + tag + ".test", "waiting@" + tag + ".test");
        } finally {
            transactions.rollback(storing);
        }
    }

    @Test
    void aChangeWhoseLinkHadExpiredWhenAnotherOvertookItGoesAWeekAfterItExpired_notAWeekAfterItWasOvertaken() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Instant now = clock.instant();
        TransactionStatus storing = transactions.getTransaction(TransactionDefinition.withDefaults());
        try {
            String lapsed = member(tag + "E");
            emailChange(lapsed, "expired-6-days-ago@" + tag + ".test", now.minus(Duration.ofDays(6)), null);
            String waiting = member(tag + "W");
            emailChange(waiting, "still-waiting@" + tag + ".test", now.plus(Duration.ofMinutes(30)), null);
            emailChanges.request(signedIn(lapsed), "overtaking-expired@" + tag + ".test");
            emailChanges.request(signedIn(waiting), "overtaking-waiting@" + tag + ".test");

            clock.advance(Duration.ofDays(2));
            spentLinks.forgetSpentLinks();

            assertThat(jdbc.sql("""
                                    select new_email from membership.email_change
                                    where membership_number in (:lapsed, :waiting) order by 1
                                    """)
                            .param("lapsed", lapsed)
                            .param("waiting", waiting)
                            .query(String.class)
                            .list())
                    .as(
                            "the one expired 8 days ago now is gone; the one overtaken while waiting stays a week from then")
                    .containsExactly(
                            "overtaking-expired@" + tag + ".test",
                            "overtaking-waiting@" + tag + ".test",
                            "still-waiting@" + tag + ".test");
        } finally {
            transactions.rollback(storing);
        }
    }

    private void emailChange(String number, String newEmail, Instant expiresAt, Instant spentAt) {
        jdbc.sql("""
                        insert into membership.email_change (membership_number, new_email, asked_at, created_at,
                                                             expires_at, spent_at)
                        values (:n, :email, :asked, :created, :expires, :spent)
                        """)
                .param("n", number)
                .param("email", newEmail)
                .param("asked", randomHash())
                .param("created", Timestamp.from(expiresAt.minusSeconds(1800)))
                .param("expires", Timestamp.from(expiresAt))
                .param("spent", spentAt == null ? null : Timestamp.from(spentAt))
                .update();
    }

    @Test
    void thePrivacyNoticeStatesHowLongRequestsLinksAndCountsAreKept() {
        String notice = new Http(port).get("/privacy").body();
        assertThat(notice.replaceAll("\\s+", " "))
                .contains("A new email address a member asks to change to is kept the same way, with the one-way hash"
                        + " of the link sent to it to confirm it, until the link is used, expires or is overtaken by"
                        + " another change or withdrawn.");
        assertThat(notice)
                .containsPattern("Requests to join \\(the name, GMC number, email address, role and practice given\\)"
                        + " and members&#39; links to change their details \\(with the new email address a member"
                        + " asked to change to\\)</th>\\s*<td[^>]*>7 days after the link"
                        + " is used or expires</td>")
                .containsPattern("Failed sign-ins, requests to public forms and members&#39; requests to change their"
                        + " email address, counted to limit abuse: a one-way fingerprint of the network address, the"
                        + " account&#39;s email address, the address asked for or the membership number \\(for a new"
                        + " voting link asked for, of the membership number, GMC number and address given together\\),"
                        + " and the time</th>\\s*<td[^>]*>24 hours after the attempt</td>\\s*<td[^>]*>deleted<")
                .containsPattern("Pledges of support never confirmed:[^<]*</th>\\s*<td[^>]*>48 hours after we"
                        + " emailed them</td>\\s*<td[^>]*>deleted with their link, which has expired<")
                .containsPattern("Links to withdraw pledges of support: the email address the link was sent to,"
                        + " whether or not it made a pledge</th>\\s*<td[^>]*>48 hours after we emailed the link,"
                        + " unless it is used sooner</td>\\s*<td[^>]*>deleted<")
                .contains("If you are not a member yet, we then keep the details you give");
    }

    private void joining(String givenName, Instant expiresAt, Instant confirmedAt) {
        jdbc.sql("""
                        insert into membership.joining_request (token_hash, details, created_at, expires_at,
                            confirmed_at)
                        values (:hash, jsonb_build_object('givenName', cast(:given as text)), :created, :expires,
                            :confirmed)
                        """)
                .param("hash", randomHash())
                .param("given", givenName)
                .param("created", Timestamp.from(expiresAt.minusSeconds(48 * 3600)))
                .param("expires", Timestamp.from(expiresAt))
                .param("confirmed", confirmedAt == null ? null : Timestamp.from(confirmedAt))
                .update();
    }

    /** A request to join whose email has not gone, so no link has been made for it: it has no hash. */
    private void neverSent(String givenName, Instant expiresAt) {
        jdbc.sql("""
                        insert into membership.joining_request (details, created_at, expires_at)
                        values (jsonb_build_object('givenName', cast(:given as text)), :created, :expires)
                        """)
                .param("given", givenName)
                .param("created", Timestamp.from(expiresAt.minusSeconds(48 * 3600)))
                .param("expires", Timestamp.from(expiresAt))
                .update();
    }

    private byte[] detailsLink(String number, Instant expiresAt, Instant usedAt) {
        byte[] hash = randomHash();
        jdbc.sql("""
                        insert into membership.details_link (token_hash, membership_number, created_at, expires_at,
                            used_at, sent_to)
                        values (:hash, :n, :created, :expires, :used,
                            (select sha256(convert_to(lower(email), 'UTF8')) from membership.member
                             where membership_number = :n))
                        """)
                .param("hash", hash)
                .param("n", number)
                .param("created", Timestamp.from(expiresAt.minusSeconds(1800)))
                .param("expires", Timestamp.from(expiresAt))
                .param("used", usedAt == null ? null : Timestamp.from(usedAt))
                .update();
        return hash;
    }

    private String member(String tag) {
        String number = "SPENT" + tag.toUpperCase();
        jdbc.sql("""
                        insert into membership.member (membership_number, gmc_number, given_name, family_name, email,
                            status, status_since, joined_on, updated_at)
                        values (:n, :gmc, 'Given', 'Spent', lower(:n) || '@spent-links.test', 'ACTIVE',
                            date '2015-01-01', date '2015-01-01', :now)
                        """)
                .param("n", number)
                .param("gmc", String.valueOf(ThreadLocalRandom.current().nextInt(8_000_000, 9_000_000)))
                .param("now", Timestamp.from(Instant.now()))
                .update();
        return number;
    }

    /** The member as a session signed in through a link to their address holds them. */
    private DetailsSignIn.SignedIn signedIn(String number) {
        return new DetailsSignIn.SignedIn(
                number, signIn.address(number.toLowerCase(Locale.ROOT) + "@spent-links.test"));
    }

    private static byte[] randomHash() {
        byte[] hash = new byte[32];
        ThreadLocalRandom.current().nextBytes(hash);
        return hash;
    }
}
