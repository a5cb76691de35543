package org.gpaction.ballots.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;

/**
 * One ballot's public parameters: its id, question and options, the trustees' public keys, and from them the base
 * hash H_B, the joint key K (the sum of the trustees' keys) and the extended base hash H_E that every ballot proof
 * binds. Encrypts and checks ballots; thread-safe.
 */
public final class Election {

    public static final int MOST_OPTIONS = 1000;

    private final String electionId;
    private final String question;
    private final List<String> options;
    private final List<TrusteeKey.PublicKey> trustees;
    private final byte[] baseHash;
    private final ECPoint jointKey;
    private final byte[] extendedBaseHash;
    private volatile FixedBase keyTables;

    public Election(String electionId, String question, List<String> options, List<TrusteeKey.PublicKey> trustees) {
        if (options.isEmpty() || options.size() > MOST_OPTIONS) {
            throw new IllegalArgumentException("A ballot has 1 to " + MOST_OPTIONS + " options");
        }
        if (trustees.isEmpty()) {
            throw new IllegalArgumentException("A ballot needs at least one trustee's key");
        }
        this.electionId = electionId;
        this.question = question;
        this.options = List.copyOf(options);
        this.trustees = List.copyOf(trustees);
        this.baseHash = baseHash(electionId, question, options, trustees.size());
        ECPoint sum = Group.CURVE.getInfinity();
        for (TrusteeKey.PublicKey t : trustees) {
            sum = sum.add(t.key());
        }
        sum = sum.normalize();
        if (sum.isInfinity()) {
            throw new CryptoFormatException("The trustees' keys sum to the identity");
        }
        this.jointKey = sum;
        this.extendedBaseHash = Hashes.hmac(baseHash, Hashes.EXTENDED_BASE, new Hashes.Fields().point(jointKey));
    }

    /** H_B = H(H_P; 0x01, election id, question, number of options, each option, number of trustees). */
    static byte[] baseHash(String electionId, String question, List<String> options, int trustees) {
        Hashes.Fields f = new Hashes.Fields().text(electionId).text(question).integer(options.size());
        options.forEach(f::text);
        f.integer(trustees);
        return Hashes.hmac(Group.parameterHash(), Hashes.BASE, f);
    }

    public String electionId() {
        return electionId;
    }

    public String question() {
        return question;
    }

    public List<String> options() {
        return options;
    }

    public List<TrusteeKey.PublicKey> trustees() {
        return trustees;
    }

    public byte[] baseHash() {
        return baseHash.clone();
    }

    public ECPoint jointKey() {
        return jointKey;
    }

    public byte[] extendedBaseHash() {
        return extendedBaseHash.clone();
    }

    /** The trustees whose proof of possession fails (by position, from 0); empty when all hold. */
    public List<Integer> trusteesWithBadProofs() {
        List<Integer> bad = new ArrayList<>();
        for (int i = 0; i < trustees.size(); i++) {
            if (!trustees.get(i).verify()) {
                bad.add(i);
            }
        }
        return bad;
    }

    /** Encrypts a vote for option {@code choice} (from 0) with its proofs. */
    public EncryptedBallot encrypt(int choice, SecureRandom random) {
        int k = options.size();
        BigInteger[] nonces = new BigInteger[k];
        BigInteger[] proofNonces = new BigInteger[k * 3];
        for (int j = 0; j < k; j++) {
            nonces[j] = Group.randomScalar(random);
            proofNonces[3 * j] = Group.randomScalar(random);
            proofNonces[3 * j + 1] = Group.randomScalar(random);
            proofNonces[3 * j + 2] = Group.randomScalar(random);
        }
        return encrypt(choice, nonces, proofNonces, Group.randomScalar(random));
    }

    /**
     * With given randomness: per option j the encryption nonce r_j; the proof nonces u_j, then the simulated
     * branch's challenge c and response v; and the sum proof's nonce. For known-answer tests and for
     * {@link #encrypt(int, SecureRandom)}.
     *
     * <p>Gives the proofs of {@link BallotProofs#proveRange} and {@link BallotProofs#proveSum}, but as the prover
     * knows r every commitment is a multiple of G and K alone, so it needs no variable-base multiplication: the
     * simulated branch o = 1 − m has a = v·G + c·α = (v + c·r)·G and b = v·K + c·(β − o·G) = (v + c·r)·K + c·(m −
     * o)·G. All the points are normalised together, with one inversion.
     */
    EncryptedBallot encrypt(int choice, BigInteger[] nonces, BigInteger[] proofNonces, BigInteger sumNonce) {
        int k = options.size();
        if (choice < 0 || choice >= k) {
            throw new IllegalArgumentException("The choice must be one of the " + k + " options");
        }
        FixedBase key = keyTables();
        // Per option α, β, a0, b0, a1, b1; then the sums A, B and the sum proof's a, b.
        ECPoint[] p = new ECPoint[6 * k + 4];
        ECPoint sumAlpha = Group.CURVE.getInfinity();
        ECPoint sumBeta = Group.CURVE.getInfinity();
        BigInteger total = BigInteger.ZERO;
        for (int j = 0; j < k; j++) {
            int m = j == choice ? 1 : 0;
            int o = 1 - m;
            BigInteger r = nonces[j];
            BigInteger u = proofNonces[3 * j];
            BigInteger cFake = proofNonces[3 * j + 1];
            BigInteger w = proofNonces[3 * j + 2].add(cFake.multiply(r)).mod(Group.N);
            ECPoint alpha = Group.mulGRaw(r);
            ECPoint rK = key.multiply(r);
            ECPoint rKG = rK.add(Group.G);
            ECPoint beta = m == 1 ? rKG : rK;
            ECPoint cG = Group.mulGRaw(cFake);
            ECPoint cGNeg = cG.negate();
            p[6 * j] = alpha;
            p[6 * j + 1] = beta;
            p[6 * j + 2 + 2 * m] = Group.mulGRaw(u);
            p[6 * j + 3 + 2 * m] = key.multiply(u);
            p[6 * j + 2 + 2 * o] = Group.mulGRaw(w);
            p[6 * j + 3 + 2 * o] = key.multiply(w).add(m == 1 ? cG : cGNeg);
            sumAlpha = sumAlpha.add(alpha);
            sumBeta = sumBeta.add(beta);
            total = total.add(r);
        }
        p[6 * k] = sumAlpha;
        p[6 * k + 1] = sumBeta;
        p[6 * k + 2] = Group.mulGRaw(sumNonce);
        p[6 * k + 3] = key.multiply(sumNonce);
        Group.CURVE.normalizeAll(p);

        List<Ciphertext> cts = new ArrayList<>(k);
        List<RangeProof> proofs = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            Ciphertext ct = new Ciphertext(p[6 * j], p[6 * j + 1]);
            cts.add(ct);
            ECPoint[] a = {p[6 * j + 2], p[6 * j + 4]};
            ECPoint[] b = {p[6 * j + 3], p[6 * j + 5]};
            proofs.add(BallotProofs.rangeResponse(
                    this,
                    j,
                    ct,
                    a,
                    b,
                    j == choice ? 1 : 0,
                    nonces[j],
                    proofNonces[3 * j],
                    proofNonces[3 * j + 1],
                    proofNonces[3 * j + 2]));
        }
        Proof sum = BallotProofs.sumResponse(
                this, new Ciphertext(p[6 * k], p[6 * k + 1]), p[6 * k + 2], p[6 * k + 3], total.mod(Group.N), sumNonce);
        return new EncryptedBallot(cts, proofs, sum);
    }

    private FixedBase keyTables() {
        FixedBase t = keyTables;
        if (t == null) {
            t = Group.tables(jointKey);
            keyTables = t;
        }
        return t;
    }

    /** (r·G, m·G + r·K). Only for the proofs' own m in {0, 1} and for tests of other values. */
    Ciphertext encryptOne(long m, BigInteger r) {
        ECPoint alpha = Group.mulG(r);
        ECPoint beta = keyTables().multiply(r);
        if (m != 0) {
            beta = beta.add(Group.smallMultiple(m));
        }
        return new Ciphertext(alpha, beta.normalize());
    }

    /** Why the ballot's proofs fail, or null when they all hold. */
    public String check(EncryptedBallot ballot) {
        if (ballot.ciphertexts().size() != options.size()) {
            return "has " + ballot.ciphertexts().size() + " options, not " + options.size();
        }
        return BallotProofs.check(this, ballot);
    }
}
