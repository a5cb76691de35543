package org.gpaction.ballots.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecryptionTests {

    private final FixedRandom random = new FixedRandom(4);

    @Test
    void threeTrusteesSharesTogetherDecryptTheTotals() {
        List<TrusteeKey> trustees = Elections.trustees(3, random);
        Election election = Elections.yesNo(trustees);
        List<byte[]> ballots = new ArrayList<>();
        for (int i = 0; i < 37; i++) {
            ballots.add(election.encrypt(i < 25 ? 0 : 1, random).encode());
        }
        EncryptedTally tally = Elections.count(election, ballots);

        long[] counts = DecryptionShare.combine(
                election, tally.totals(), Elections.shares(election, trustees, tally, random), tally.counted());

        assertThat(tally.counted()).isEqualTo(37);
        assertThat(tally.spoilt()).isEmpty();
        assertThat(counts).containsExactly(25, 12);
    }

    @Test
    void everyTrusteesShareIsNeeded() {
        List<TrusteeKey> trustees = Elections.trustees(2, random);
        Election election = Elections.yesNo(trustees);
        EncryptedTally tally =
                Elections.count(election, List.of(election.encrypt(0, random).encode()));
        List<DecryptionShare> shares = Elections.shares(election, trustees, tally, random);

        assertThatThrownBy(() -> DecryptionShare.combine(election, tally.totals(), shares.subList(0, 1), 1))
                .hasMessageContaining("Every trustee");
        assertThatThrownBy(() ->
                        DecryptionShare.combine(election, tally.totals(), List.of(shares.get(0), shares.get(0)), 1))
                .hasMessageContaining("No share");
    }

    @Test
    void aWrongDecryptionShareIsRefused() {
        List<TrusteeKey> trustees = Elections.trustees(2, random);
        Election election = Elections.yesNo(trustees);
        EncryptedTally tally =
                Elections.count(election, List.of(election.encrypt(1, random).encode()));
        List<DecryptionShare> shares = new ArrayList<>(Elections.shares(election, trustees, tally, random));
        DecryptionShare honest = shares.get(1);
        DecryptionShare.Part part = honest.parts().get(0);
        DecryptionShare.Part wrong = new DecryptionShare.Part(part.share().add(Group.G), part.proof());
        shares.set(
                1,
                new DecryptionShare(
                        honest.trusteeKey(), List.of(wrong, honest.parts().get(1))));

        assertThat(shares.get(1).failures(election.extendedBaseHash(), tally.totals()))
                .containsExactly(0);
        assertThatThrownBy(() -> DecryptionShare.combine(election, tally.totals(), shares, 1))
                .hasMessageContaining("fails its proof for option 1");
        BigInteger c = part.proof().challenge();
        DecryptionShare.Part badChallenge = new DecryptionShare.Part(
                part.share(),
                new Proof(c.add(BigInteger.ONE).mod(Group.N), part.proof().response()));
        assertThat(new DecryptionShare(
                                honest.trusteeKey(),
                                List.of(badChallenge, honest.parts().get(1)))
                        .failures(election.extendedBaseHash(), tally.totals()))
                .containsExactly(0);
    }

    @Test
    void aShareMadeWithAnotherKeyFailsItsProof() {
        List<TrusteeKey> trustees = Elections.trustees(2, random);
        Election election = Elections.yesNo(trustees);
        EncryptedTally tally =
                Elections.count(election, List.of(election.encrypt(1, random).encode()));
        DecryptionShare byOther =
                DecryptionShare.compute(trustees.get(0), election.extendedBaseHash(), tally.totals(), random);
        DecryptionShare claimed =
                new DecryptionShare(trustees.get(1).publicKey().key(), byOther.parts());

        assertThat(claimed.failures(election.extendedBaseHash(), tally.totals()))
                .containsExactly(0, 1);
    }

    @Test
    void spoiltAndCopiedBallotsAreReportedAndNotCounted() {
        List<TrusteeKey> trustees = Elections.trustees(1, random);
        Election election = Elections.yesNo(trustees);
        byte[] good = election.encrypt(0, random).encode();
        byte[] tampered = election.encrypt(1, random).encode();
        tampered[tampered.length - 1] ^= 1;
        byte[] garbage = {1, 2, 3};

        EncryptedTally tally = Elections.count(
                election,
                List.of(
                        good,
                        tampered,
                        good.clone(),
                        garbage,
                        election.encrypt(1, random).encode()));
        long[] counts = DecryptionShare.combine(
                election, tally.totals(), Elections.shares(election, trustees, tally, random), tally.counted());

        assertThat(tally.counted()).isEqualTo(2);
        assertThat(tally.spoilt()).extracting(EncryptedTally.Spoilt::position).containsExactly(2L, 3L, 4L);
        assertThat(tally.spoilt().get(0).reason()).contains("exactly one");
        assertThat(tally.spoilt().get(1).reason()).contains("copies");
        assertThat(tally.spoilt().get(2).reason()).contains("malformed");
        assertThat(counts).containsExactly(1, 1);
    }

    @Test
    void anEmptyBallotBoxDecryptsToNoVotes() {
        List<TrusteeKey> trustees = Elections.trustees(2, random);
        Election election = Elections.yesNo(trustees);
        EncryptedTally tally = Elections.count(election, List.of());

        long[] counts = DecryptionShare.combine(
                election, tally.totals(), Elections.shares(election, trustees, tally, random), 0);

        assertThat(counts).containsExactly(0, 0);
    }
}
