package org.gpaction.ballots.crypto;

import java.nio.ByteBuffer;
import java.security.SecureRandom;

/** Deterministic bytes (SHA-256 of a seed and a counter) so that tests repeat exactly. Tests only. */
final class FixedRandom extends SecureRandom {

    private final long seed;
    private long counter;

    FixedRandom(long seed) {
        this.seed = seed;
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        int at = 0;
        while (at < bytes.length) {
            byte[] block = Hashes.sha256(
                    ByteBuffer.allocate(16).putLong(seed).putLong(counter++).array());
            int n = Math.min(block.length, bytes.length - at);
            System.arraycopy(block, 0, bytes, at, n);
            at += n;
        }
    }
}
