package org.gpaction.ballots.trustees;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gpaction.ballots.TestTrustee;
import org.gpaction.ballots.VotingFixtures;
import org.gpaction.capacity.CapacityTestData;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.RowsRead;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;

/**
 * The trustees page of a draft reads each account that added a key once, however many keys that account added, and
 * not the viewer's own: their role is the one their request already carries.
 */
@GpActionTest
class TrusteesPageAccountReadsTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WebApplicationContext context;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aPageOfSeveralKeysByOneAccountReadsThatAccountOnce() throws Exception {
        TestAdmin.MockMvcSignIn administrator = TestAdmin.signInByMockMvc(context);
        // A draft with only the fixture's key, added by 'test', no account: what the page reads whatever its keys.
        long baseline = staffScansOpening(new VotingFixtures(jdbc).draft(), administrator)
                .scans();

        // VotingFixtures.draft() gives the draft TestTrustee's key, the ninth, added by 'test', the third adder.
        long ballot = new VotingFixtures(jdbc).draft();
        CapacityTestData data = new CapacityTestData(jdbc, new Http(port));
        String first = data.staff("SCRUTINEER", List.of(), null);
        String second = data.staff("SCRUTINEER", List.of(), null);
        for (int i = 1; i <= 5; i++) {
            TestTrustee.addKey(jdbc, ballot, "Trustee " + i, first);
        }
        for (int i = 6; i <= 8; i++) {
            TestTrustee.addKey(jdbc, ballot, "Trustee " + i, second);
        }
        Opened opened = staffScansOpening(ballot, administrator);

        assertThat(opened.page().getStatus()).isEqualTo(200);
        String html = opened.page().getContentAsString();
        assertThat(html.split("Only " + first + " can remove it", -1))
                .as("each of the first scrutineer's five keys is shown as theirs to remove")
                .hasSize(6);
        assertThat(html.split("Only " + second + " can remove it", -1))
                .as("each of the second scrutineer's three keys is shown as theirs to remove")
                .hasSize(4);
        assertThat(html.split("name=\"publicKey\"", -1))
                .as("the administrator may remove the one key whose adder, 'test', is not a scrutineer, and only it")
                .hasSize(2);
        assertThat(html).contains("name=\"publicKey\" value=\"" + TestTrustee.publicKey() + "\"");
        assertThat(opened.scans() - baseline)
                .as(
                        "reads of accounts.staff beyond a page of the fixture's key alone (%d), for eight more keys by two"
                                + " more accounts: each account once (once a key: 8)",
                        baseline)
                .isEqualTo(2);
    }

    @Test
    void aPageOfTheViewersOwnKeysReadsNoAccount() throws Exception {
        TestAdmin.MockMvcSignIn administrator = TestAdmin.signInByMockMvc(context);
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        // A scheduled ballot's page asks nobody whether they may remove a key: what the page reads whoever added them.
        Instant opens = Instant.now().plus(Duration.ofDays(30));
        long baseline = staffScansOpening(
                        fixtures.ballotWithWindow(opens, opens.plus(Duration.ofDays(7))), administrator)
                .scans();

        // Every key on the draft is the viewer's, as it is when an account that added them is made an administrator.
        long ballot = fixtures.draft();
        jdbc.sql("update ballots.trustee set uploaded_by = :viewer where ballot_id = :ballot")
                .param("viewer", TestAdmin.EMAIL)
                .param("ballot", ballot)
                .update();
        for (int i = 1; i <= 3; i++) {
            TestTrustee.addKey(jdbc, ballot, "Trustee " + i, TestAdmin.EMAIL);
        }
        Opened opened = staffScansOpening(ballot, administrator);

        assertThat(opened.page().getStatus()).isEqualTo(200);
        assertThat(opened.page().getContentAsString().split("name=\"publicKey\"", -1))
                .as("each of the viewer's four keys is theirs to remove")
                .hasSize(5);
        assertThat(opened.scans() - baseline)
                .as(
                        "reads of accounts.staff beyond a scheduled ballot's page (%d), for a draft whose keys are all the"
                                + " viewer's: none, neither an adder nor the viewer",
                        baseline)
                .isZero();
    }

    private record Opened(MockHttpServletResponse page, long scans) {}

    /** The draft's trustees page as the administrator opens it, and the reads of accounts.staff it made. */
    private Opened staffScansOpening(long ballot, TestAdmin.MockMvcSignIn administrator) {
        return new TransactionTemplate(transactions).execute(status -> {
            long before = RowsRead.scansInTransaction(jdbc, "accounts", "staff");
            MockHttpServletResponse answer;
            try {
                answer = administrator
                        .mvc()
                        .perform(MockMvcRequestBuilders.get("/ballots/" + ballot + "/trustees")
                                .session(administrator.session()))
                        .andReturn()
                        .getResponse();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            long scans = RowsRead.scansInTransaction(jdbc, "accounts", "staff") - before;
            status.setRollbackOnly();
            return new Opened(answer, scans);
        });
    }
}
