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
        // Stored and forgotten in one transaction, which the job joins: its scheduled run cannot take them first.
        Integer forgotten = new TransactionTemplate(transactions).execute(storing -> {
            addMember(number);
            entry(number, now.minusYears(2).minusDays(1).toInstant(), "Opened two years and a day ago");
            entry(number, now.minusYears(2).plusDays(1).toInstant(), "Opened a day short of two years ago");
            return audit.forgetOldEntries();
        });

        assertThat(forgotten).isPositive();

        assertThat(jdbc.sql("select detail from membership.audit_log where membership_number = :n")
                        .param("n", number)
                        .query(String.class)
                        .list())
                .containsExactly("Opened a day short of two years ago");
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http.Response member = admin.get("/members/" + number);
        assertThat(member.status()).isEqualTo(200);
        assertThat(member.body())
                .contains("Opened a day short of two years ago")
                .doesNotContain("Opened two years and a day ago")
                .containsPattern(
                        "Each entry is deleted <span id=\"audit-kept-for\">2 years</span> after\\s+it was made");
        Http.Response log = admin.get("/admin/members/audit");
        assertThat(log.status()).isEqualTo(200);
        assertThat(log.body()).containsPattern("Each entry is deleted\\s+<span id=\"audit-kept-for\">2 years</span>");
        assertThat(audit.forgetOldEntries()).as("nothing old is left").isZero();
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

    private void entry(String number, Instant at, String detail) {
        jdbc.sql("""
                        insert into membership.audit_log (at, actor, action, membership_number, detail)
                        values (:at, 'admin@retention.test', 'VIEW', :n, :detail)
                        """)
                .param("at", Timestamp.from(at))
                .param("n", number)
                .param("detail", detail)
                .update();
    }
}
