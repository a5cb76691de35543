package org.gpaction.insights.appointments;

import java.util.Arrays;

/**
 * The rows read so far, each as a 64-bit key (its month, area or practice, clinical system and categories, numbered)
 * with the line it was on, to find a row given twice. A national month has about a million rows: open addressing on two arrays takes
 * 12 bytes a slot, where a {@code HashMap<Long, Integer>} would take about 70 bytes a row.
 */
final class SeenRows {

    private static final long EMPTY = Long.MIN_VALUE;

    private long[] keys;
    private int[] lines;
    private int size;

    SeenRows() {
        allocate(1 << 12);
    }

    /** Remembers the key on this line; the line it was first seen on if it was, or 0. */
    int putIfAbsent(long key, int line) {
        if (key == EMPTY) {
            throw new IllegalArgumentException("Reserved key");
        }
        int slot = slot(key);
        if (keys[slot] == key) {
            return lines[slot];
        }
        keys[slot] = key;
        lines[slot] = line;
        if (++size > keys.length / 2) {
            grow();
        }
        return 0;
    }

    private int slot(long key) {
        int mask = keys.length - 1;
        int slot = mix(key) & mask;
        while (keys[slot] != EMPTY && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldLines = lines;
        allocate(oldKeys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = slot(oldKeys[i]);
                keys[slot] = oldKeys[i];
                lines[slot] = oldLines[i];
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        lines = new int[capacity];
    }

    /** The finaliser of MurmurHash3: nearby keys (the same practice, the next category) land far apart. */
    private static int mix(long key) {
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h;
    }
}
