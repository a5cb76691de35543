package org.gpaction.ballots.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/**
 * Fixed secrets and nonces give fixed hashes, encodings and trackers. The pinned values were produced by this code
 * and each is also checked against the equations, so a change in encoding or hashing shows here.
 */
class KnownAnswerTests {

    private static final HexFormat HEX = HexFormat.of();

    private static BigInteger k(long v) {
        return BigInteger.valueOf(v);
    }

    private final TrusteeKey key = TrusteeKey.fromSecret(k(1001), k(2002));
    private final Election election =
            new Election("kat-1", "Do you agree?", List.of("Yes", "No"), List.of(key.publicKey()));

    private EncryptedBallot ballot() {
        return election.encrypt(
                0, new BigInteger[] {k(11), k(12)}, new BigInteger[] {k(21), k(22), k(23), k(31), k(32), k(33)}, k(41));
    }

    @Test
    void theTrusteesProofIsTheOneTheEquationsGive() {
        // h = u·G, c = H(H_P; 0x10, K, h), v = u − c·s
        ECPoint h = Group.mulG(k(2002));
        BigInteger c = new BigInteger(
                        1,
                        Hashes.hmac(
                                Group.parameterHash(),
                                (byte) 0x10,
                                new Hashes.Fields().point(Group.mulG(k(1001))).point(h)))
                .mod(Group.N);
        assertThat(key.publicKey().proof().challenge()).isEqualTo(c);
        assertThat(key.publicKey().proof().response())
                .isEqualTo(k(2002).subtract(c.multiply(k(1001))).mod(Group.N));
    }

    @Test
    void theHashesChainAsDocumented() {
        byte[] hB = Hashes.hmac(
                Group.parameterHash(),
                (byte) 0x01,
                new Hashes.Fields()
                        .text("kat-1")
                        .text("Do you agree?")
                        .integer(2)
                        .text("Yes")
                        .text("No")
                        .integer(1));
        assertThat(election.baseHash()).isEqualTo(hB);
        assertThat(election.extendedBaseHash())
                .isEqualTo(Hashes.hmac(hB, (byte) 0x12, new Hashes.Fields().point(Group.mulG(k(1001)))));
    }

    @Test
    void theBallotsEncodingFollowsTheLayout() {
        EncryptedBallot b = ballot();
        byte[] e = b.encode();

        assertThat(e[0]).isEqualTo((byte) 2);
        assertThat(e[1]).isEqualTo((byte) 0);
        assertThat(e[2]).isEqualTo((byte) 2);
        assertThat(e).hasSize(67 + 258 * 2);
        assertThat(java.util.Arrays.copyOfRange(e, 3, 68))
                .isEqualTo(Group.mulG(k(11)).getEncoded(false));
        assertThat(java.util.Arrays.copyOfRange(e, 68, 133))
                .isEqualTo(Group.G
                        .add(Group.mul(Group.mulG(k(1001)), k(11)))
                        .normalize()
                        .getEncoded(false));
        assertThat(java.util.Arrays.copyOfRange(e, 133, 165))
                .isEqualTo(Group.encodeScalar(b.rangeProofs().get(0).c0()));
        assertThat(java.util.Arrays.copyOfRange(e, 3 + 258, 3 + 258 + 65))
                .isEqualTo(Group.mulG(k(12)).getEncoded(false));
        assertThat(java.util.Arrays.copyOfRange(e, 3 + 2 * 258, 3 + 2 * 258 + 32))
                .isEqualTo(Group.encodeScalar(b.sumProof().challenge()));
        // the real branch of option 1 (m = 1... the choice is option 0, so option 0 encrypts 1) answers v1 = u − c1·r
        RangeProof p = b.rangeProofs().get(0);
        assertThat(p.v1()).isEqualTo(k(21).subtract(p.c1().multiply(k(11))).mod(Group.N));
        assertThat(p.c0()).isEqualTo(k(22));
        assertThat(p.v0()).isEqualTo(k(23));
        assertThat(election.check(b)).isNull();
    }

    @Test
    void theTrackerIsPinned() {
        EncryptedBallot b = ballot();
        assertThat(Tracker.hex(b.tracker())).isEqualTo(Tracker.hex(Hashes.sha256(b.encode())));
        assertThat(Tracker.hex(b.tracker())).isEqualTo(PINNED_TRACKER);
        assertThat(HEX.formatHex(Group.parameterHash())).isEqualTo(PINNED_PARAMETER_HASH);
    }

    static final String PINNED_TRACKER = "4164fdb0f8a72146a71b770ad3b2c15c255484c9cdfdd63e3f398a3c20d02381";
    static final String PINNED_PARAMETER_HASH = "d16015946e1fb4ee1e863bc92539f83876f911f9f84a39c6e666ea7c1b6f16c5";
}
