package org.gpaction.ballots.crypto;

import java.math.BigInteger;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;

/** The ballot's zero-knowledge proofs, after ElectionGuard 2.0 (section 3.3), in additive notation. */
final class BallotProofs {

    private BallotProofs() {}

    /**
     * Proves that ct = (α, β) = (r·G, m·G + r·K) with m in {0, 1}. Branch m is real: a_m = u·G, b_m = u·K. The
     * other branch is simulated with challenge c' and response v': a = v'·G + c'·α, b = v'·K + c'·(β − j·G). Then
     * c = H(H_E; 0x21, option, α, β, a0, b0, a1, b1), c_m = c − c' and v_m = u − c_m·r.
     */
    static RangeProof proveRange(
            Election e,
            int option,
            Ciphertext ct,
            int m,
            BigInteger r,
            BigInteger u,
            BigInteger cFake,
            BigInteger vFake) {
        ECPoint[] a = new ECPoint[2];
        ECPoint[] b = new ECPoint[2];
        a[m] = Group.mulG(u);
        b[m] = Group.mul(e.jointKey(), u);
        int other = 1 - m;
        a[other] = Group.sum2(Group.G, vFake, ct.alpha(), cFake);
        b[other] = Group.sum2(e.jointKey(), vFake, shifted(ct.beta(), other), cFake);
        return rangeResponse(e, option, ct, a, b, m, r, u, cFake, vFake);
    }

    /** The range proof from its commitments (normalised), a_m = u·G, b_m = u·K and the simulated branch's. */
    static RangeProof rangeResponse(
            Election e,
            int option,
            Ciphertext ct,
            ECPoint[] a,
            ECPoint[] b,
            int m,
            BigInteger r,
            BigInteger u,
            BigInteger cFake,
            BigInteger vFake) {
        BigInteger c = rangeChallenge(e, option, ct, a, b);
        BigInteger cReal = c.subtract(cFake).mod(Group.N);
        BigInteger vReal = u.subtract(cReal.multiply(r)).mod(Group.N);
        return m == 0
                ? new RangeProof(cReal, cFake.mod(Group.N), vReal, vFake.mod(Group.N))
                : new RangeProof(cFake.mod(Group.N), cReal, vFake.mod(Group.N), vReal);
    }

    static boolean verifyRange(Election e, int option, Ciphertext ct, RangeProof p) {
        ECPoint[] a = {Group.sum2(Group.G, p.v0(), ct.alpha(), p.c0()), Group.sum2(Group.G, p.v1(), ct.alpha(), p.c1())
        };
        ECPoint[] b = {
            Group.sum2(e.jointKey(), p.v0(), ct.beta(), p.c0()),
            Group.sum2(e.jointKey(), p.v1(), shifted(ct.beta(), 1), p.c1())
        };
        BigInteger c = rangeChallenge(e, option, ct, a, b);
        return c.equals(p.c0().add(p.c1()).mod(Group.N));
    }

    /**
     * Why the ballot's proofs fail, or null when they all hold: the equations of {@link #verifyRange} for each
     * option in turn, then of {@link #verifySum}, with every commitment normalised together (one inversion).
     */
    static String check(Election e, EncryptedBallot ballot) {
        List<Ciphertext> cts = ballot.ciphertexts();
        int k = cts.size();
        ECPoint key = e.jointKey();
        // Per option a0, b0, a1, b1; then the sums A, B and the sum proof's a, b.
        ECPoint[] p = new ECPoint[4 * k + 4];
        ECPoint sumAlpha = Group.CURVE.getInfinity();
        ECPoint sumBeta = Group.CURVE.getInfinity();
        for (int j = 0; j < k; j++) {
            Ciphertext ct = cts.get(j);
            RangeProof rp = ballot.rangeProofs().get(j);
            p[4 * j] = Group.sum2Raw(Group.G, rp.v0(), ct.alpha(), rp.c0());
            p[4 * j + 1] = Group.sum2Raw(key, rp.v0(), ct.beta(), rp.c0());
            p[4 * j + 2] = Group.sum2Raw(Group.G, rp.v1(), ct.alpha(), rp.c1());
            p[4 * j + 3] = Group.sum2Raw(key, rp.v1(), ct.beta().subtract(Group.G), rp.c1());
            sumAlpha = sumAlpha.add(ct.alpha());
            sumBeta = sumBeta.add(ct.beta());
        }
        Proof sp = ballot.sumProof();
        p[4 * k] = sumAlpha;
        p[4 * k + 1] = sumBeta;
        p[4 * k + 2] = Group.sum2Raw(Group.G, sp.response(), sumAlpha, sp.challenge());
        p[4 * k + 3] = Group.sum2Raw(key, sp.response(), sumBeta.subtract(Group.G), sp.challenge());
        Group.CURVE.normalizeAll(p);
        for (int j = 0; j < k; j++) {
            RangeProof rp = ballot.rangeProofs().get(j);
            ECPoint[] a = {p[4 * j], p[4 * j + 2]};
            ECPoint[] b = {p[4 * j + 1], p[4 * j + 3]};
            if (!rangeChallenge(e, j, cts.get(j), a, b)
                    .equals(rp.c0().add(rp.c1()).mod(Group.N))) {
                return "the proof that option " + (j + 1) + " encrypts 0 or 1 fails";
            }
        }
        Ciphertext sum = new Ciphertext(p[4 * k], p[4 * k + 1]);
        if (!sumChallenge(e, sum, p[4 * k + 2], p[4 * k + 3]).equals(sp.challenge())) {
            return "the proof that exactly one option is chosen fails";
        }
        return null;
    }

    private static BigInteger rangeChallenge(Election e, int option, Ciphertext ct, ECPoint[] a, ECPoint[] b) {
        return Hashes.challenge(
                e.extendedBaseHash(),
                Hashes.RANGE_PROOF,
                new Hashes.Fields()
                        .integer(option)
                        .point(ct.alpha())
                        .point(ct.beta())
                        .point(a[0])
                        .point(b[0])
                        .point(a[1])
                        .point(b[1]));
    }

    /** β − j·G for j in {0, 1}. */
    private static ECPoint shifted(ECPoint beta, int j) {
        return j == 0 ? beta : beta.subtract(Group.G).normalize();
    }

    /**
     * Proves that the sum (A, B) of the ballot's ciphertexts encrypts 1 with nonce R (the sum of the nonces):
     * a = u·G, b = u·K, c = H(H_E; 0x22, A, B, a, b), v = u − c·R.
     */
    static Proof proveSum(Election e, List<Ciphertext> cts, BigInteger total, BigInteger u) {
        Ciphertext sum = sum(cts);
        return sumResponse(e, sum, Group.mulG(u), Group.mul(e.jointKey(), u), total, u);
    }

    /** The sum proof from the sum (A, B) and its commitments a = u·G, b = u·K (all normalised). */
    static Proof sumResponse(Election e, Ciphertext sum, ECPoint a, ECPoint b, BigInteger total, BigInteger u) {
        BigInteger c = sumChallenge(e, sum, a, b);
        return new Proof(c, u.subtract(c.multiply(total)).mod(Group.N));
    }

    /** a = v·G + c·A, b = v·K + c·(B − G), and c = H(H_E; 0x22, A, B, a, b). */
    static boolean verifySum(Election e, List<Ciphertext> cts, Proof p) {
        Ciphertext sum = sum(cts);
        ECPoint a = Group.sum2(Group.G, p.response(), sum.alpha(), p.challenge());
        ECPoint b = Group.sum2(
                e.jointKey(), p.response(), sum.beta().subtract(Group.G).normalize(), p.challenge());
        return sumChallenge(e, sum, a, b).equals(p.challenge());
    }

    private static BigInteger sumChallenge(Election e, Ciphertext sum, ECPoint a, ECPoint b) {
        return Hashes.challenge(
                e.extendedBaseHash(),
                Hashes.SUM_PROOF,
                new Hashes.Fields()
                        .point(sum.alpha())
                        .point(sum.beta())
                        .point(a)
                        .point(b));
    }

    static Ciphertext sum(List<Ciphertext> cts) {
        Ciphertext s = Ciphertext.ZERO;
        for (Ciphertext ct : cts) {
            s = s.add(ct);
        }
        return s.normalize();
    }
}
