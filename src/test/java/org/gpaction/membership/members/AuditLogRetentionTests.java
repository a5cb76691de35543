package org.gpaction.membership.members;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.gpaction.common.UkTime;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Audit log entries are deleted two years after they were made, and the pages listing them say so. */
@GpActionTest
class AuditLogRetentionTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditLog audit;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void entriesOlderThanTwoYearsAreDeletedAndThePagesListingTheRestSaySo() {
        String number = "RET" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        ZonedDateTime now = ZonedDateTime.now(UkTime.ZONE);
        addMember(number);
        entry(number, now.minusYears(2).plusDays(1).toInstant(), "Opened a day short of two years ago");
        // One such as another test class could have left on the shared database for its own checks, not to be touched.
        long anotherTestClasses = entry(
                "OTH" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(),
                now.minusYears(3).toInstant(),
                "Another test class's entry from three years ago");
        try {
            // The job deletes every entry older than two years, other test classes' too: it runs in a transaction
            // rolled back once this test has read what it left, so none of theirs is deleted for good. The old entry is
            // stored in the same transaction, which the job joins: its scheduled run cannot take it first.
            new TransactionTemplate(transactions).executeWithoutResult(rolledBack -> {
                rolledBack.setRollbackOnly();
                entry(number, now.minusYears(2).minusDays(1).toInstant(), "Opened two years and a day ago");

                assertThat(audit.forgetOldEntries()).isPositive();

                assertThat(jdbc.sql("select detail from membership.audit_log where membership_number = :n")
                                .param("n", number)
                                .query(String.class)
                                .list())
                        .containsExactly("Opened a day short of two years ago");
                assertThat(audit.forgetOldEntries()).as("nothing old is left").isZero();
            });

            assertThat(jdbc.sql("select count(*) from membership.audit_log where id = :id")
                            .param("id", anotherTestClasses)
                            .query(Integer.class)
                            .single())
                    .as("another test class's entry older than two years, still there after this test")
                    .isOne();
        } finally {
            jdbc.sql("delete from membership.audit_log where id = :id")
                    .param("id", anotherTestClasses)
                    .update();
        }
        // The pages read what is committed: the entry kept, and how long each is kept.
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http.Response member = admin.get("/members/" + number);
        assertThat(member.status()).isEqualTo(200);
        assertThat(member.body())
                .contains("Opened a day short of two years ago")
                .containsPattern(
                        "Each entry is deleted <span id=\"audit-kept-for\">2 years</span> after\\s+it was made");
        Http.Response log = admin.get("/admin/members/audit");
        assertThat(log.status()).isEqualTo(200);
        assertThat(log.body()).containsPattern("Each entry is deleted\\s+<span id=\"audit-kept-for\">2 years</span>");
    }

    @Test
    void thePrivacyNoticeStatesHowLongTheAuditLogIsKept() {
        assertThat(new Http(port).get("/privacy").body())
                .containsPattern("The membership audit log: who viewed or changed which member&#39;s record, and"
                        + " when</th>\\s*<td[^>]*>2 years after the view or change</td>\\s*<td[^>]*>deleted<");
    }

    @Test
    void thePrivacyNoticeStatesThatEarlierVersionsOfARecordAreKeptWithIt() {
        String notice = new Http(port).get("/privacy").body();
        assertThat(notice)
                .containsPattern("Each time your membership record changes, GP Action keeps the version it"
                        + "\\s+replaces,\\s+including your earlier email addresses")
                .containsPattern("GP Action does not delete membership\\s+records");
        assertThat(notice)
                .containsPattern("Earlier versions of a membership record, including past email addresses</th>\\s*"
                        + "<td[^>]*>as long as the record itself</td>\\s*<td[^>]*>kept with it<");
    }

    private void addMember(String number) {
        jdbc.sql("""
                        insert into membership.member (membership_number, gmc_number, given_name, family_name, email,
                            status, status_since, joined_on, updated_at)
                        values (:n, :gmc, 'Given', 'Retained', lower(:n) || '@retention.test', 'ACTIVE',
                            date '2015-01-01', date '2015-01-01', :now)
                        """)
                .param("n", number)
                .param("gmc", String.valueOf(ThreadLocalRandom.current().nextInt(8_000_000, 9_000_000)))
                .param("now", Timestamp.from(Instant.now()))
                .update();
        jdbc.sql("""
                        insert into membership.member_status (membership_number, since, status)
                        values (:n, date '2015-01-01', 'ACTIVE')
                        """).param("n", number).update();
    }

    private long entry(String number, Instant at, String detail) {
        return jdbc.sql("""
                        insert into membership.audit_log (at, actor, action, membership_number, detail)
                        values (:at, 'admin@retention.test', 'VIEW', :n, :detail)
                        returning id
                        """)
                .param("at", Timestamp.from(at))
                .param("n", number)
                .param("detail", detail)
                .query(Long.class)
                .single();
    }
}
