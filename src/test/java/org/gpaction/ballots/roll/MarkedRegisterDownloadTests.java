package org.gpaction.ballots.roll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.gpaction.ballots.OwnBallotDatabase;
import org.gpaction.ballots.PublishedResultFixtures;
import org.gpaction.ballots.PublishedResultFixtures.ClosedBallot;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotAdministration;
import org.gpaction.ballots.results.Results;
import org.gpaction.support.SlowDownloads;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The marked register is read a page of members at a time, each page in a statement of its own after the last member
 * written: a scrutineer on a slow connection holds no database connection while their download waits for them, and
 * across pages every member on the roll is listed once, in membership-number order, as a single read lists them.
 *
 * <p>On a database and connection pool of their own (see {@link OwnBallotDatabase}): the slow download's test counts
 * the connections in use, and on the shared database the background work of every other test's ballots (checking an
 * open ballot's proofs, a batch of 500 at a time, or counting a closed one) can keep one in use for longer than the
 * test waits, as it did on a loaded machine.
 */
class MarkedRegisterDownloadTests extends OwnBallotDatabase {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Results results;

    @Autowired
    BallotAdministration administration;

    @Autowired
    MarkedRegister register;

    @Autowired
    DataSource dataSource;

    @Test
    void aSlowDownloadHoldsNoDatabaseConnectionWhileItWaitsForItsReader() throws Exception {
        ClosedBallot closed = new PublishedResultFixtures(jdbc, results).closed("Slow register", 4, 1, 1);
        // More than a page, so the first page's rows reach the reader before the last is read.
        int added = addToRoll(closed.id(), "P", MarkedRegister.PAGE + 3);
        Ballot ballot = administration.find(closed.id());
        HikariPoolMXBean pool = dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
        CountDownLatch release = new CountDownLatch(1);
        SlowReader reader = new SlowReader(release, () -> {});
        ExecutorService downloads = Executors.newSingleThreadExecutor();
        try {
            Future<Long> written =
                    downloads.submit(() -> register.write(ballot, reader, "slow.scrutineer@ballots.test"));
            SlowDownloads.awaitReaching(reader.holding, written, "a member's row reached the reader");

            // Other work takes connections now and then; a download holding one keeps the count above nought.
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> assertThat(pool.getActiveConnections())
                            .as("connections in use while the download waits for its reader")
                            .isZero());
            release.countDown();
            assertThat(written.get(30, TimeUnit.SECONDS)).isEqualTo(4 + added);
        } finally {
            release.countDown();
            downloads.shutdownNow();
        }
        assertThat(reader.text.toString().split("\r\n")).hasSize(1 + 4 + added);
    }

    @Test
    void readAFewMembersAtATimeTheRegisterIsTheSameAsReadAtOnce() {
        ClosedBallot closed = new PublishedResultFixtures(jdbc, results).closed("Register in pages", 5, 2, 1);
        addToRoll(closed.id(), "P", 6);
        Ballot ballot = administration.find(closed.id());
        StringWriter atOnce = new StringWriter();
        StringWriter inPages = new StringWriter();

        long rows = register.write(ballot, atOnce, "paged.scrutineer@ballots.test");
        long paged = register.write(ballot, inPages, "paged.scrutineer@ballots.test", 3);

        assertThat(rows).isEqualTo(11);
        assertThat(paged).as("four pages of three, the last short").isEqualTo(11);
        assertThat(inPages.toString()).isEqualTo(atOnce.toString());
        assertThat(atOnce.toString().split("\r\n")).hasSize(12);
    }

    @Test
    void whatChangesWhileTheRegisterIsReadShowsInThePagesNotYetRead_andNobodyIsListedTwiceOrLeftOut() throws Exception {
        ClosedBallot closed = new PublishedResultFixtures(jdbc, results).closed("Register changing", 4);
        Ballot ballot = administration.find(closed.id());
        List<String> roll =
                closed.members().stream().map(Voter::number).sorted().toList();
        String last = roll.get(roll.size() - 1);
        CountDownLatch release = new CountDownLatch(1);
        // While the first page is with the reader: someone joins the roll before it, someone after it, and the last
        // member on the roll votes.
        SlowReader reader = new SlowReader(release, () -> {
            addToRoll(closed.id(), "A", 1);
            addToRoll(closed.id(), "Z", 1);
            jdbc.sql("update ballots.roll_entry set has_voted = true where ballot_id = :ballot and membership_number"
                            + " = :member")
                    .param("ballot", closed.id())
                    .param("member", last)
                    .update();
        });
        reader.release();
        long rows = register.write(ballot, reader, "changing.scrutineer@ballots.test", 2);

        List<String> numbers = reader.text
                .toString()
                .lines()
                .skip(1)
                .map(line -> line.substring(0, line.indexOf(',')))
                .toList();
        assertThat(numbers)
                .as("the first page as read, then the rest as they stood when their pages were read")
                .containsExactlyElementsOf(concat(roll, List.of("Z" + closed.id() + "-00001")));
        assertThat(rows).isEqualTo(5);
        assertThat(reader.text.toString().lines().filter(line -> line.startsWith(last + ",")))
                .singleElement()
                .asString()
                .endsWith(",yes");
    }

    private static List<String> concat(List<String> first, List<String> then) {
        List<String> all = new ArrayList<>(first);
        all.addAll(then);
        return all;
    }

    /** Adds members to the roll by number only, as an import might, numbered after {@code prefix} and the ballot. */
    private int addToRoll(long ballot, String prefix, int count) {
        return jdbc.sql("""
                        insert into ballots.roll_entry (ballot_id, membership_number, added_at, added_by, evidence)
                        select :ballot, :prefix || :ballot || '-' || lpad(n::text, 5, '0'), now(), 'test', 'test'
                        from generate_series(1, :count) n
                        """)
                .param("ballot", ballot)
                .param("prefix", prefix)
                .param("count", count)
                .update();
    }

    /**
     * A reader who stops at the first member's row until released, as a slow connection stops the writer, having
     * done whatever else happens meanwhile.
     */
    static final class SlowReader extends Writer {

        final StringBuilder text = new StringBuilder();
        final CountDownLatch holding = new CountDownLatch(1);
        private final CountDownLatch release;
        private final Runnable meanwhile;

        SlowReader(CountDownLatch release, Runnable meanwhile) {
            this.release = release;
            this.meanwhile = meanwhile;
        }

        void release() {
            release.countDown();
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            String written = new String(chars, offset, length);
            boolean row = !written.startsWith("\uFEFF") && !written.startsWith("membership_number");
            if (row && holding.getCount() > 0) {
                holding.countDown();
                meanwhile.run();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            text.append(written);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
