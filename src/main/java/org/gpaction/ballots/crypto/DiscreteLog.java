package org.gpaction.ballots.crypto;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.math.ec.ECPoint;

/** Finds t in [0, bound] with T = t·G by baby-step giant-step: about 2·√bound additions. */
public final class DiscreteLog {

    private DiscreteLog() {}

    /** The t in [0, bound] with t·G = target, or -1 when there is none. */
    public static long find(ECPoint target, long bound) {
        if (bound < 0) {
            throw new IllegalArgumentException("The bound is not negative");
        }
        long m = (long) Math.ceil(Math.sqrt(bound + 1.0));
        Map<ByteBuffer, Long> baby = new HashMap<>();
        ECPoint p = Group.CURVE.getInfinity();
        for (long j = 0; j < m; j++) {
            baby.putIfAbsent(ByteBuffer.wrap(Group.encodePoint(p.normalize())), j);
            p = p.add(Group.G);
        }
        ECPoint giant = Group.mulG(BigInteger.valueOf(m)).negate();
        ECPoint q = target.normalize();
        for (long i = 0; i * m <= bound; i++) {
            Long j = baby.get(ByteBuffer.wrap(Group.encodePoint(q.normalize())));
            if (j != null) {
                long t = i * m + j;
                return t <= bound ? t : -1;
            }
            q = q.add(giant);
        }
        return -1;
    }
}
