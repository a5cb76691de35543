package org.gpaction.ballots.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

class ElGamalTests {

    /** The textbook P-256 curve from BouncyCastle's generic code: arithmetic independent of the custom curve. */
    private static final X9ECParameters REFERENCE = ECNamedCurveTable.getByName("secp256r1");

    private static ECPoint reference(ECPoint p) {
        return REFERENCE.getCurve().decodePoint(p.getEncoded(true));
    }

    private static ECPoint referenceMul(BigInteger k) {
        return REFERENCE.getG().multiply(k).normalize();
    }

    /** The encoding changed in its x coordinate until the reference curve has no point there. */
    static byte[] offCurve(byte[] encoded) {
        byte[] changed = encoded.clone();
        while (true) {
            changed[32]++;
            try {
                REFERENCE.getCurve().decodePoint(changed);
            } catch (IllegalArgumentException e) {
                return changed;
            }
        }
    }

    @Test
    void theGroupIsTheStandardP256() {
        assertThat(Group.N).isEqualTo(REFERENCE.getN());
        assertThat(Group.G.getEncoded(true)).isEqualTo(REFERENCE.getG().getEncoded(true));
        assertThat(Group.mulG(BigInteger.valueOf(7)).getEncoded(true))
                .isEqualTo(referenceMul(BigInteger.valueOf(7)).getEncoded(true));
    }

    @Test
    void theFixedBaseTablesMultiplyAsTheReferenceCurveDoesForEdgeAndRandomScalars() {
        FixedRandom random = new FixedRandom(5);
        BigInteger s = Group.randomNonZeroScalar(random);
        FixedBase keyTables = new FixedBase(Group.mulG(s));
        List<BigInteger> scalars = new java.util.ArrayList<>(List.of(
                BigInteger.ZERO,
                BigInteger.ONE,
                BigInteger.TWO,
                BigInteger.valueOf(31),
                BigInteger.valueOf(32),
                Group.N.subtract(BigInteger.ONE),
                Group.N,
                Group.N.add(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(255),
                BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)));
        for (int i = 0; i < 50; i++) {
            scalars.add(Group.randomScalar(random));
        }
        for (BigInteger k : scalars) {
            BigInteger reduced = k.mod(Group.N);
            assertThat(reference(Group.mulG(k))).isEqualTo(referenceMul(reduced));
            assertThat(reference(keyTables.multiply(k).normalize()))
                    .isEqualTo(referenceMul(s.multiply(reduced).mod(Group.N)));
        }
    }

    @Test
    void aKnownKeyAndNonceGiveTheCiphertextOfTheEquations() {
        TrusteeKey key = TrusteeKey.fromSecret(BigInteger.valueOf(123456789), BigInteger.valueOf(42));
        Election election = Elections.yesNo(List.of(key));
        BigInteger r = BigInteger.valueOf(987654321);

        Ciphertext one = election.encryptOne(1, r);

        ECPoint k = referenceMul(BigInteger.valueOf(123456789));
        assertThat(reference(one.alpha())).isEqualTo(referenceMul(r));
        assertThat(reference(one.beta()))
                .isEqualTo(REFERENCE.getG().add(k.multiply(r)).normalize());
        assertThat(HexFormat.of().formatHex(one.encode()))
                .isEqualTo(HexFormat.of().formatHex(referenceMul(r).getEncoded(true))
                        + HexFormat.of()
                                .formatHex(REFERENCE
                                        .getG()
                                        .add(k.multiply(r))
                                        .normalize()
                                        .getEncoded(true)));
    }

    @Test
    void addingCiphertextsAddsTheirPlaintexts() {
        FixedRandom random = new FixedRandom(1);
        TrusteeKey key = TrusteeKey.generate(random);
        Election election = Elections.yesNo(List.of(key));
        Ciphertext sum = Ciphertext.ZERO;
        int expected = 0;
        for (int i = 0; i < 50; i++) {
            int m = i % 3 == 0 ? 1 : 0;
            expected += m;
            sum = sum.add(election.encryptOne(m, Group.randomScalar(random)));
        }
        sum = sum.normalize();

        ECPoint mG = sum.beta().subtract(Group.mul(sum.alpha(), key.secret())).normalize();

        assertThat(DiscreteLog.find(mG, 50)).isEqualTo(expected);
    }

    @Test
    void twoVotesForTheSameOptionHaveDifferentCiphertexts() {
        FixedRandom random = new FixedRandom(2);
        Election election = Elections.yesNo(Elections.trustees(1, random));

        EncryptedBallot first = election.encrypt(0, random);
        EncryptedBallot second = election.encrypt(0, random);

        assertThat(first.ciphertexts().get(0)).isNotEqualTo(second.ciphertexts().get(0));
        assertThat(first.tracker()).isNotEqualTo(second.tracker());
    }

    @Test
    void theDiscreteLogFindsTotalsUpTo200000AndRefusesOnesBeyondTheBound() {
        for (long t : new long[] {0, 1, 447, 448, 8375, 199_999, 200_000}) {
            assertThat(DiscreteLog.find(Group.smallMultiple(t), 200_000)).isEqualTo(t);
        }
        assertThat(DiscreteLog.find(Group.smallMultiple(200_001), 200_000)).isEqualTo(-1);
        assertThat(DiscreteLog.find(Group.CURVE.getInfinity(), 0)).isZero();
    }

    @Test
    void pointsOffTheCurveTheIdentityAndScalarsNotBelowTheOrderAreRefused() {
        byte[] good = Group.encodePoint(Group.G);
        byte[] offCurve = offCurve(good);
        byte[] badPrefix = good.clone();
        badPrefix[0] = 4;

        assertThat(Group.decodePoint(good)).isEqualTo(Group.G);
        assertThatThrownBy(() -> Group.decodePoint(offCurve)).isInstanceOf(CryptoFormatException.class);
        assertThatThrownBy(() -> Group.decodePoint(badPrefix)).isInstanceOf(CryptoFormatException.class);
        assertThatThrownBy(() -> Group.decodePoint(new byte[33]))
                .isInstanceOf(CryptoFormatException.class)
                .hasMessageContaining("identity");
        assertThat(Group.decodePoint(new byte[33], true).isInfinity()).isTrue();
        assertThatThrownBy(() -> Group.decodePoint(new byte[32])).isInstanceOf(CryptoFormatException.class);
        assertThatThrownBy(() -> Group.decodeScalar(Group.fixed32(Group.N)))
                .isInstanceOf(CryptoFormatException.class)
                .hasMessageContaining("order");
        assertThat(Group.decodeScalar(Group.encodeScalar(Group.N.subtract(BigInteger.ONE))))
                .isEqualTo(Group.N.subtract(BigInteger.ONE));
    }

    @Test
    void theParameterHashIsTheSha256OfTheFramedParameters() {
        Hashes.Fields f = new Hashes.Fields()
                .text("GP Action ballot record v1")
                .text("P-256")
                .bytes(HexFormat.of().parseHex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"))
                .bytes(HexFormat.of().parseHex("ffffffff00000001000000000000000000000000fffffffffffffffffffffffc"))
                .bytes(HexFormat.of().parseHex("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b"))
                .bytes(HexFormat.of().parseHex("036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"))
                .bytes(HexFormat.of().parseHex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"));

        assertThat(Group.parameterHash()).isEqualTo(Hashes.sha256(f.toByteArray()));
    }
}
