package org.gpaction.ballots.trustees;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.List;
import org.gpaction.ballots.TestTrustee;
import org.gpaction.ballots.VotingFixtures;
import org.gpaction.ballots.crypto.RecordJson;
import org.gpaction.ballots.crypto.TrusteeKey;
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

/** The trustees page of a draft reads each account that added a key once, however many keys that account added. */
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
        long ballot = new VotingFixtures(jdbc).draft();
        CapacityTestData data = new CapacityTestData(jdbc, new Http(port));
        String first = data.staff("SCRUTINEER", List.of(), null);
        String second = data.staff("SCRUTINEER", List.of(), null);
        for (int i = 1; i <= 5; i++) {
            anotherKey(ballot, i, first);
        }
        for (int i = 6; i <= 8; i++) {
            anotherKey(ballot, i, second);
        }
        TestAdmin.MockMvcSignIn administrator = TestAdmin.signInByMockMvc(context);

        long[] scans = new long[1];
        MockHttpServletResponse page = new TransactionTemplate(transactions).execute(status -> {
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
            scans[0] = RowsRead.scansInTransaction(jdbc, "accounts", "staff") - before;
            status.setRollbackOnly();
            return answer;
        });

        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getContentAsString().split("Only " + first + " can remove it", -1))
                .as("each of the first scrutineer's five keys is shown as theirs to remove")
                .hasSize(6);
        assertThat(page.getContentAsString().split("Only " + second + " can remove it", -1))
                .as("each of the second scrutineer's three keys is shown as theirs to remove")
                .hasSize(4);
        assertThat(scans[0])
                .as("reads of accounts.staff for a page of nine keys added by three accounts: the session's versions"
                        + " once, the administrator's own account once, and each adder's once (once a key: 11)")
                .isEqualTo(5);
    }

    private void anotherKey(long ballot, int number, String addedBy) {
        TrusteeKey key = TrusteeKey.generate(new SecureRandom());
        jdbc.sql("""
                        insert into ballots.trustee (ballot_id, public_key, name, key_file, uploaded_by, uploaded_at)
                        values (:ballot, :key, :name, :file, :by, now())
                        """)
                .param("ballot", ballot)
                .param("key", RecordJson.point(key.publicKey().key()))
                .param("name", "Trustee " + number)
                .param("file", TestTrustee.publicKeyFile(key))
                .param("by", addedBy)
                .update();
    }
}
