package org.gpaction.membership.members;

import static org.assertj.core.api.Assertions.assertThat;

import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The roll's short wait is for the roll alone: once a change holds the roll, the rest of its transaction waits for
 * other locks as it would have without it.
 */
@GpActionTest
class RollWaitTests {

    @Autowired
    MemberRepository members;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void onceTheRollIsHeldTheTransactionWaitsForOtherLocksAsItDidBefore() {
        String after = new TransactionTemplate(transactions).execute(status -> {
            jdbc.sql("set local lock_timeout = '1234ms'").update();
            members.lockRollForOneChange();
            return jdbc.sql("select current_setting('lock_timeout')")
                    .query(String.class)
                    .single();
        });

        assertThat(after).isEqualTo("1234ms");
    }
}
