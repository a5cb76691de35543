package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.HeldLocks.holding;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.gpaction.ballots.crypto.Ciphertext;
import org.gpaction.ballots.crypto.Election;
import org.gpaction.ballots.crypto.EncryptedBallot;
import org.gpaction.ballots.crypto.EncryptedTally;
import org.gpaction.ballots.crypto.Group;
import org.gpaction.ballots.crypto.Hashes;
import org.gpaction.ballots.crypto.RecordJson;
import org.gpaction.ballots.crypto.Tally;
import org.gpaction.ballots.crypto.TallyJson;
import org.gpaction.ballots.trustees.ProofChecking;
import org.gpaction.ballots.trustees.Tallying;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The count at the close reads a ballot's papers a batch at a time and keeps, beyond the batches it is adding, only
 * the papers that may be copies of one another: what it holds grows only with the papers that share a first
 * ciphertext with another.
 */
@GpActionTest
class CountMemoryTests {

    /** More papers than the count holds read at once, two batches. */
    private static final int PAPERS = 2 * Tally.BATCH + 904;

    private final SecureRandom random = new SecureRandom();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    Tallying tallying;

    @Autowired
    MeterRegistry registry;

    @Test
    void theCountHoldsTwoBatchesOfPapersAtMostAndRemembersOnlyThoseThatMayBeCopies() throws Exception {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        Election election = TestTrustee.election(jdbc, ballot);
        try (Connection holdingTheCheckersLock = holding(dataSource, ProofChecking.LOCK, ballot)) {
            EncryptedBallot voter = election.encrypt(1, random);
            papersCheckedAndSummedWhileOpen(election, ballot, voter);
            // The voter's paper and a byte copy of it stuffed in under another receipt, neither checked yet.
            byte[] voters = voter.encode();
            paper(ballot, voters, Hashes.sha256(voters));
            paper(ballot, voters, Hashes.sha256(Hashes.sha256(voters)));
            fixtures.closeNow(ballot);
            holdingTheCheckersLock.commit();
        }

        tallying.tally(ballot);

        EncryptedTally tally = TallyJson.tally(RecordJson.read(
                jdbc.sql("select tally from ballots.ballot where id = :b")
                        .param("b", ballot)
                        .query(String.class)
                        .single()
                        .getBytes(StandardCharsets.UTF_8),
                "tally"));
        assertThat(tally.counted())
                .as("of the voter's paper, its byte copy and the paper beginning as it does, one is counted")
                .isEqualTo(PAPERS);
        assertThat(tally.spoilt())
                .extracting(EncryptedTally.Spoilt::reason)
                .containsExactly("copies an earlier ballot's ciphertexts", "copies an earlier ballot's ciphertexts");
        assertThat(jdbc.sql("select detail from ballots.ballot_log where ballot_id = :b and action = 'TALLIED'")
                        .param("b", ballot)
                        .query(String.class)
                        .single())
                .as("the papers checked while open are taken from the sums, as at a real close")
                .contains("those whose proofs held, " + PAPERS + ", were matched to the sums");
        assertThat(most(Tallying.PAPERS_READ, ballot))
                .as("papers read and not yet added, at most two batches")
                .isLessThanOrEqualTo(2 * Tally.BATCH)
                .isLessThan(PAPERS);
        assertThat(most(Tallying.PAPERS_REMEMBERED, ballot))
                .as("only the papers sharing the voter's first ciphertext are remembered: that first ciphertext, and"
                        + " the hash of the one of them taken from the sums; no other paper is")
                .isEqualTo(2);
    }

    /**
     * {@link #PAPERS} papers, each recorded as checked and holding and summed a batch at a time, as the check while the
     * ballot is open leaves them. Made cheaply: paper i is a real one with i encryptions of 0 added to its first
     * ciphertext, so its proofs no longer hold, but the count trusts the check of these very bytes. The last begins
     * with the voter's first ciphertext (its alpha) and differs after it, so only a database that compares exactly the
     * bytes Tally compares marks it as one that may be a copy.
     */
    private void papersCheckedAndSummedWhileOpen(Election election, long ballot, EncryptedBallot voter)
            throws Exception {
        List<EncryptedBallot> templates =
                List.of(election.encrypt(0, random), election.encrypt(1, random), election.encrypt(0, random));
        Ciphertext zero = new Ciphertext(Group.G, election.jointKey());
        Ciphertext shift = Ciphertext.ZERO;
        List<byte[]> papers = new ArrayList<>(PAPERS);
        List<byte[]> sums = new ArrayList<>();
        Ciphertext[] sum = {Ciphertext.ZERO, Ciphertext.ZERO};
        for (int i = 0; i < PAPERS; i++) {
            shift = shift.add(zero).normalize();
            EncryptedBallot template = templates.get(i % templates.size());
            List<Ciphertext> ciphertexts = new ArrayList<>(template.ciphertexts());
            ciphertexts.set(0, ciphertexts.get(0).add(shift).normalize());
            if (i == PAPERS - 1) {
                ciphertexts.set(
                        0,
                        new Ciphertext(
                                voter.ciphertexts().get(0).alpha().normalize(),
                                ciphertexts.get(0).beta()));
            }
            papers.add(new EncryptedBallot(ciphertexts, template.rangeProofs(), template.sumProof()).encode());
            for (int j = 0; j < 2; j++) {
                sum[j] = sum[j].add(ciphertexts.get(j));
            }
            if ((i + 1) % ProofChecking.BATCH == 0 || i == PAPERS - 1) {
                sums.add(Ciphertext.encodeAll(List.of(sum)));
                sum = new Ciphertext[] {Ciphertext.ZERO, Ciphertext.ZERO};
            }
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement paper = connection.prepareStatement("""
                        insert into ballots.ballot_paper (paper_id, ballot_id, encrypted, tracker, cast_on)
                        values (gen_random_uuid(), ?, ?, ?, current_date)
                        """);
                PreparedStatement checked = connection.prepareStatement(
                        "insert into ballots.checked_paper (ballot_id, sha256, problem) values (?, ?, null)");
                PreparedStatement summed = connection.prepareStatement(
                        "insert into ballots.checked_sum (ballot_id, papers, sums) values (?, ?, ?)")) {
            for (byte[] bytes : papers) {
                paper.setLong(1, ballot);
                paper.setBytes(2, bytes);
                paper.setBytes(3, Hashes.sha256(bytes));
                paper.addBatch();
                checked.setLong(1, ballot);
                checked.setBytes(2, Hashes.sha256(bytes));
                checked.addBatch();
            }
            paper.executeBatch();
            checked.executeBatch();
            for (int i = 0; i < sums.size(); i++) {
                summed.setLong(1, ballot);
                summed.setInt(2, Math.min(ProofChecking.BATCH, PAPERS - i * ProofChecking.BATCH));
                summed.setBytes(3, sums.get(i));
                summed.addBatch();
            }
            summed.executeBatch();
        }
    }

    private void paper(long ballot, byte[] bytes, byte[] tracker) {
        jdbc.sql("""
                        insert into ballots.ballot_paper (paper_id, ballot_id, encrypted, tracker, cast_on)
                        values (gen_random_uuid(), :b, :bytes, :tracker, current_date)
                        """)
                .param("b", ballot)
                .param("bytes", bytes)
                .param("tracker", tracker)
                .update();
    }

    private double most(String metric, long ballot) {
        DistributionSummary summary =
                registry.find(metric).tag("ballot", Long.toString(ballot)).summary();
        assertThat(summary).as(metric + " for the ballot").isNotNull();
        assertThat(summary.count()).as("one count of the ballot").isEqualTo(1);
        return summary.max();
    }
}
