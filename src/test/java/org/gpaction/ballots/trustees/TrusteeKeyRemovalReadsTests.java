package org.gpaction.ballots.trustees;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.gpaction.ballots.TestTrustee;
import org.gpaction.ballots.VotingFixtures;
import org.gpaction.ballots.ballot.DraftVersion;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.RowsRead;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Taking a trustee's key off a draft reads that key's row to check who added it, not every trustee of the ballot, and
 * reads the remover's account only for a key another account added.
 */
@GpActionTest
class TrusteeKeyRemovalReadsTests {

    @Autowired
    TrusteeKeys trusteeKeys;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void removingOneKeyOfAFullBallotReadsThatKeysRowAndThoseLeftForTheNotice_notEveryKeyToFindIt() {
        long ballot = new VotingFixtures(jdbc).draft();
        List<String> keys = new ArrayList<>();
        for (int i = 1; i < TrusteeKeys.MOST_TRUSTEES; i++) {
            keys.add(TestTrustee.addKey(jdbc, ballot, "Trustee " + i, "test"));
        }
        String removed = keys.get(4);

        long read = new TransactionTemplate(transactions).execute(status -> {
            jdbc.sql("set local enable_seqscan = off").update();
            long before = RowsRead.inTransaction(jdbc, "ballots", "trustee");
            trusteeKeys.remove(ballot, removed, "test", DraftVersion.Expected.ANY);
            return RowsRead.inTransaction(jdbc, "ballots", "trustee") - before;
        });

        assertThat(trusteeKeys.of(ballot).stream().map(TrusteeKeys.Trustee::publicKey))
                .as("the key named, and only it, was removed")
                .hasSize(TrusteeKeys.MOST_TRUSTEES - 1)
                .doesNotContain(removed)
                .contains(TestTrustee.publicKey());
        int left = TrusteeKeys.MOST_TRUSTEES - 1;
        assertThat(read)
                .as(
                        "rows of ballots.trustee read by the removal: the key's own twice, to check who added it and to"
                                + " delete it, and the %d left, which the notice to the sender address names (reading"
                                + " all %d to find the one would be %d)",
                        left, TrusteeKeys.MOST_TRUSTEES, TrusteeKeys.MOST_TRUSTEES + 1 + left)
                .isEqualTo(2 + left);
    }

    @Test
    void removingOnesOwnKeyReadsNoAccount_anotherAccountsKeyReadsThatAccountAndTheRemovers() {
        long ballot = new VotingFixtures(jdbc).draft();
        String own = TestTrustee.addKey(jdbc, ballot, "Trustee 1", TestAdmin.EMAIL);

        assertThat(staffScansRemoving(ballot, TestTrustee.publicKey(), TestAdmin.EMAIL))
                .as("reads of accounts.staff by an administrator's removal of the fixture's key, added by 'test',"
                        + " no scrutineer's account: the adder's account and the administrator's")
                .isEqualTo(2);
        assertThat(staffScansRemoving(ballot, own, TestAdmin.EMAIL))
                .as("reads of accounts.staff by a removal of the remover's own key: none, as its adder may remove it")
                .isZero();
        assertThat(trusteeKeys.of(ballot)).as("both keys were removed").isEmpty();
    }

    /** The reads of accounts.staff made by {@code actor}'s removal of the key, committed. */
    private long staffScansRemoving(long ballot, String publicKey, String actor) {
        return new TransactionTemplate(transactions).execute(status -> {
            long before = RowsRead.scansInTransaction(jdbc, "accounts", "staff");
            trusteeKeys.remove(ballot, publicKey, actor, DraftVersion.Expected.ANY);
            return RowsRead.scansInTransaction(jdbc, "accounts", "staff") - before;
        });
    }
}
