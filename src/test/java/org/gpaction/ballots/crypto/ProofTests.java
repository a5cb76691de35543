package org.gpaction.ballots.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProofTests {

    private final FixedRandom random = new FixedRandom(3);
    private final List<TrusteeKey> trustees = Elections.trustees(2, random);
    private final Election election = Elections.yesNo(trustees);

    private static BigInteger plusOne(BigInteger k) {
        return k.add(BigInteger.ONE).mod(Group.N);
    }

    @Test
    void anHonestBallotForEachOptionVerifies() {
        assertThat(election.check(election.encrypt(0, random))).isNull();
        assertThat(election.check(election.encrypt(1, random))).isNull();
    }

    @Test
    void aBallotWithThreeOptionsVerifiesForEachChoice() {
        Election three = new Election(
                "e", "Which?", List.of("A", "B", "C"), List.of(trustees.get(0).publicKey()));
        for (int choice = 0; choice < 3; choice++) {
            assertThat(three.check(three.encrypt(choice, random))).isNull();
        }
    }

    @Test
    void theEncryptionGivesTheProofsTheReferenceProverGivesForTheSameNonces() {
        Election three = new Election(
                "e",
                "Which?",
                List.of("A", "B", "C"),
                trustees.stream().map(TrusteeKey::publicKey).toList());
        for (int choice = 0; choice < 3; choice++) {
            BigInteger[] nonces = new BigInteger[3];
            BigInteger[] proofNonces = new BigInteger[9];
            for (int j = 0; j < 3; j++) {
                nonces[j] = Group.randomScalar(random);
            }
            for (int j = 0; j < 9; j++) {
                proofNonces[j] = Group.randomScalar(random);
            }
            BigInteger sumNonce = Group.randomScalar(random);

            EncryptedBallot fast = three.encrypt(choice, nonces, proofNonces, sumNonce);

            List<Ciphertext> cts = new ArrayList<>();
            List<RangeProof> proofs = new ArrayList<>();
            for (int j = 0; j < 3; j++) {
                int m = j == choice ? 1 : 0;
                Ciphertext ct = three.encryptOne(m, nonces[j]);
                cts.add(ct);
                proofs.add(BallotProofs.proveRange(
                        three,
                        j,
                        ct,
                        m,
                        nonces[j],
                        proofNonces[3 * j],
                        proofNonces[3 * j + 1],
                        proofNonces[3 * j + 2]));
            }
            BigInteger total = nonces[0].add(nonces[1]).add(nonces[2]).mod(Group.N);
            Proof sum = BallotProofs.proveSum(three, cts, total, sumNonce);

            assertThat(fast).isEqualTo(new EncryptedBallot(cts, proofs, sum));
            assertThat(three.check(fast)).isNull();
        }
    }

    @Test
    void aCiphertextOfTwoCannotCarryAValidZeroOrOneProof() {
        BigInteger r = Group.randomScalar(random);
        Ciphertext two = election.encryptOne(2, r);
        for (int claimed = 0; claimed <= 1; claimed++) {
            RangeProof p = BallotProofs.proveRange(
                    election,
                    0,
                    two,
                    claimed,
                    r,
                    Group.randomScalar(random),
                    Group.randomScalar(random),
                    Group.randomScalar(random));
            assertThat(BallotProofs.verifyRange(election, 0, two, p)).isFalse();
        }
    }

    @Test
    void aBallotWithBothOptionsChosenFailsItsSumProof() {
        BigInteger r0 = Group.randomScalar(random);
        BigInteger r1 = Group.randomScalar(random);
        List<Ciphertext> cts = List.of(election.encryptOne(1, r0), election.encryptOne(1, r1));
        List<RangeProof> proofs = new ArrayList<>();
        for (int j = 0; j < 2; j++) {
            proofs.add(BallotProofs.proveRange(
                    election,
                    j,
                    cts.get(j),
                    1,
                    j == 0 ? r0 : r1,
                    Group.randomScalar(random),
                    Group.randomScalar(random),
                    Group.randomScalar(random)));
        }
        Proof sum = BallotProofs.proveSum(election, cts, r0.add(r1).mod(Group.N), Group.randomScalar(random));
        EncryptedBallot both = new EncryptedBallot(cts, proofs, sum);

        assertThat(BallotProofs.verifyRange(election, 0, cts.get(0), proofs.get(0)))
                .isTrue();
        assertThat(election.check(both)).contains("exactly one");
    }

    @Test
    void aBallotWithNoOptionChosenFailsItsSumProof() {
        BigInteger r0 = Group.randomScalar(random);
        BigInteger r1 = Group.randomScalar(random);
        List<Ciphertext> cts = List.of(election.encryptOne(0, r0), election.encryptOne(0, r1));
        List<RangeProof> proofs = List.of(
                BallotProofs.proveRange(election, 0, cts.get(0), 0, r0, BigInteger.TEN, BigInteger.TWO, BigInteger.ONE),
                BallotProofs.proveRange(
                        election, 1, cts.get(1), 0, r1, BigInteger.TEN, BigInteger.TWO, BigInteger.ONE));
        Proof sum = BallotProofs.proveSum(election, cts, r0.add(r1).mod(Group.N), BigInteger.valueOf(99));

        assertThat(election.check(new EncryptedBallot(cts, proofs, sum))).contains("exactly one");
    }

    @Test
    void changingAnyComponentOfABallotBreaksItsProofs() {
        EncryptedBallot honest = election.encrypt(1, random);
        RangeProof p = honest.rangeProofs().get(0);
        List<RangeProof> changedProofs = List.of(
                new RangeProof(plusOne(p.c0()), p.c1(), p.v0(), p.v1()),
                new RangeProof(p.c0(), plusOne(p.c1()), p.v0(), p.v1()),
                new RangeProof(p.c0(), p.c1(), plusOne(p.v0()), p.v1()),
                new RangeProof(p.c0(), p.c1(), p.v0(), plusOne(p.v1())),
                new RangeProof(p.c1(), p.c0(), p.v1(), p.v0()));
        for (RangeProof changed : changedProofs) {
            EncryptedBallot b = new EncryptedBallot(
                    honest.ciphertexts(), List.of(changed, honest.rangeProofs().get(1)), honest.sumProof());
            assertThat(election.check(b)).contains("option 1");
        }
        Proof s = honest.sumProof();
        for (Proof changed : List.of(
                new Proof(plusOne(s.challenge()), s.response()), new Proof(s.challenge(), plusOne(s.response())))) {
            assertThat(election.check(new EncryptedBallot(honest.ciphertexts(), honest.rangeProofs(), changed)))
                    .contains("exactly one");
        }
        Ciphertext c = honest.ciphertexts().get(1);
        Ciphertext shifted = new Ciphertext(c.alpha(), c.beta().add(Group.G).normalize());
        assertThat(election.check(new EncryptedBallot(
                        List.of(honest.ciphertexts().get(0), shifted), honest.rangeProofs(), honest.sumProof())))
                .isNotNull();
        List<Ciphertext> swapped =
                List.of(honest.ciphertexts().get(1), honest.ciphertexts().get(0));
        assertThat(election.check(new EncryptedBallot(swapped, honest.rangeProofs(), honest.sumProof())))
                .isNotNull();
    }

    @Test
    void aBallotsProofsDoNotHoldInAnotherElection() {
        Election other = new Election(
                "another",
                election.question(),
                election.options(),
                trustees.stream().map(TrusteeKey::publicKey).toList());
        assertThat(other.check(election.encrypt(0, random))).isNotNull();
    }

    @Test
    void aTrusteesProofOfPossessionHoldsAndFailsWhenChanged() {
        TrusteeKey.PublicKey pub = trustees.get(0).publicKey();
        assertThat(pub.verify()).isTrue();
        Proof p = pub.proof();
        assertThat(new TrusteeKey.PublicKey(pub.key(), new Proof(plusOne(p.challenge()), p.response())).verify())
                .isFalse();
        assertThat(new TrusteeKey.PublicKey(pub.key(), new Proof(p.challenge(), plusOne(p.response()))).verify())
                .isFalse();
        assertThat(new TrusteeKey.PublicKey(trustees.get(1).publicKey().key(), p).verify())
                .isFalse();
    }

    @Test
    void aBallotRoundTripsThroughItsEncodingExactly() {
        EncryptedBallot b = election.encrypt(0, random);
        byte[] encoded = b.encode();

        assertThat(encoded).hasSize(EncryptedBallot.encodedLength(2)).hasSize(583);
        assertThat(EncryptedBallot.decode(encoded).encode()).isEqualTo(encoded);
        assertThat(EncryptedBallot.decode(encoded)).isEqualTo(b);
    }

    @Test
    void malformedBallotEncodingsAreRefusedClearly() {
        byte[] encoded = election.encrypt(0, random).encode();
        byte[] longer = java.util.Arrays.copyOf(encoded, encoded.length + 1);
        byte[] version = encoded.clone();
        version[0] = 1;
        byte[] offCurve = encoded.clone();
        offCurve[3 + 64]++;
        byte[] compressed = encoded.clone();
        compressed[3] = 2;
        byte[] xBeyondP = encoded.clone();
        java.util.Arrays.fill(xBeyondP, 4, 36, (byte) 0xff);
        byte[] bigScalar = encoded.clone();
        java.util.Arrays.fill(bigScalar, 3 + 130, 3 + 130 + 32, (byte) 0xff);

        assertThatThrownBy(() -> EncryptedBallot.decode(compressed)).hasMessageContaining("uncompressed");
        assertThatThrownBy(() -> EncryptedBallot.decode(xBeyondP))
                .isInstanceOf(CryptoFormatException.class)
                .hasMessageContaining("Not a point on P-256");
        assertThatThrownBy(() -> EncryptedBallot.decode(longer)).hasMessageContaining("bytes");
        assertThatThrownBy(() -> EncryptedBallot.decode(version)).hasMessageContaining("version");
        assertThatThrownBy(() -> EncryptedBallot.decode(bigScalar)).hasMessageContaining("order");
        assertThatThrownBy(() -> EncryptedBallot.decode(offCurve))
                .isInstanceOf(CryptoFormatException.class)
                .hasMessageContaining("Not a point on P-256");
    }

    @Test
    void aTrackerShowsAsGroupedBase32AndReadsBack() {
        byte[] tracker = election.encrypt(0, random).tracker();
        String shown = Tracker.grouped(tracker);

        assertThat(shown).matches("([A-Z2-7]{4}-){12}[A-Z2-7]{4}");
        assertThat(Tracker.parse(shown.toLowerCase())).isEqualTo(tracker);
        assertThat(Tracker.parse(Tracker.hex(tracker))).isEqualTo(tracker);
        assertThat(Tracker.base32(new byte[] {'f', 'o', 'o', 'b', 'a', 'r'})).isEqualTo("MZXW6YTBOI");
    }
}
