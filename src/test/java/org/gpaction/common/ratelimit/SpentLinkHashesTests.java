package org.gpaction.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.gpaction.common.SecretTokens;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A link remembered as spent is known, under its own kind only, for seven days from when it was first remembered, and
 * forgotten by the purge once they are over.
 */
@GpActionTest
@Import(MovingClocks.class)
class SpentLinkHashesTests {

    enum Kind implements FailedAttempts.Kind {
        SPENT_TEST_LINK,
        OTHER_TEST_LINK
    }

    /** A day well before now, so the purge run at it forgets nothing other tests remembered at the real time. */
    static final Instant DAY = Instant.parse("2026-01-05T09:00:00Z");

    @Autowired
    SpentLinkHashes spentLinks;

    @Autowired
    MovingClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @AfterEach
    void clockBackToNow() {
        MovingClocks.backToNow(clock, jdbc);
    }

    @Test
    void aSpentLinkIsKnownUnderItsOwnKindOnly() {
        byte[] spent = hash();
        spentLinks.remember(Kind.SPENT_TEST_LINK, spent);

        assertThat(spentLinks.remembers(Kind.SPENT_TEST_LINK, spent)).isTrue();
        assertThat(spentLinks.remembers(Kind.OTHER_TEST_LINK, spent))
                .as("another kind's link with the same hash is not made by this")
                .isFalse();
        assertThat(spentLinks.remembers(Kind.SPENT_TEST_LINK, hash()))
                .as("a link never remembered")
                .isFalse();
    }

    @Test
    void aSpentLinkIsForgottenOnlyOnceItsSevenDaysAreOver() {
        // Their days are over in real time: remembered and forgotten in one transaction, which the job joins, so that
        // its scheduled runs (on the real clock in other test contexts) cannot take them first.
        new TransactionTemplate(transactions).executeWithoutResult(remembering -> {
            clock.moveTo(DAY);
            byte[] first = hash();
            spentLinks.remember(Kind.SPENT_TEST_LINK, first);
            clock.moveTo(DAY.plus(Duration.ofDays(1)));
            byte[] dayLater = hash();
            spentLinks.remember(Kind.SPENT_TEST_LINK, dayLater);
            spentLinks.remember(Kind.SPENT_TEST_LINK, first);

            clock.moveTo(DAY.plus(SpentLinkHashes.KEPT).minus(Duration.ofMinutes(1)));
            spentLinks.forgetOld();
            assertThat(spentLinks.remembers(Kind.SPENT_TEST_LINK, first))
                    .as("a minute before its seven days are over")
                    .isTrue();

            clock.moveTo(DAY.plus(SpentLinkHashes.KEPT).plus(Duration.ofMinutes(1)));
            assertThat(spentLinks.forgetOld()).isGreaterThanOrEqualTo(1);
            assertThat(spentLinks.remembers(Kind.SPENT_TEST_LINK, first))
                    .as("seven days after it was first remembered: remembering it again did not extend them")
                    .isFalse();
            assertThat(spentLinks.remembers(Kind.SPENT_TEST_LINK, dayLater))
                    .as("one remembered a day later still has a day to go")
                    .isTrue();
        });
    }

    @Test
    void aSpentLinkIsUnknownOnceItsSevenDaysAreOver_beforeThePurgeDeletesIt() {
        // As above: remembered in one transaction, so the purge's scheduled runs cannot take it first.
        new TransactionTemplate(transactions).executeWithoutResult(remembering -> {
            clock.moveTo(DAY);
            byte[] spent = hash();
            spentLinks.remember(Kind.SPENT_TEST_LINK, spent);

            clock.moveTo(DAY.plus(SpentLinkHashes.KEPT).minus(Duration.ofMinutes(1)));
            assertThat(spentLinks.remembers(Kind.SPENT_TEST_LINK, spent))
                    .as("a minute before its seven days are over")
                    .isTrue();

            clock.moveTo(DAY.plus(SpentLinkHashes.KEPT).plus(Duration.ofMinutes(1)));
            assertThat(spentLinks.remembers(Kind.SPENT_TEST_LINK, spent))
                    .as("a minute after its seven days, its row not yet purged (the purge runs hourly)")
                    .isFalse();
        });
    }

    @Test
    void linksRememberedTogetherAreAllKnownAndAMissingHashIsPassedOver() {
        byte[] one = hash();
        byte[] two = hash();
        spentLinks.remember(Kind.SPENT_TEST_LINK, Arrays.asList(one, null, two));
        spentLinks.remember(Kind.SPENT_TEST_LINK, List.of());

        assertThat(spentLinks.remembers(Kind.SPENT_TEST_LINK, one)).isTrue();
        assertThat(spentLinks.remembers(Kind.SPENT_TEST_LINK, two)).isTrue();
        assertThat(jdbc.sql("select count(*) from common.spent_link where token_hash = any(:hashes)")
                        .param("hashes", new byte[][] {one, two})
                        .query(Integer.class)
                        .single())
                .isEqualTo(2);
    }

    private static byte[] hash() {
        return SecretTokens.hash(SecretTokens.generate());
    }
}
