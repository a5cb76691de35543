package org.gpaction.ballots.crypto;

import java.util.HexFormat;
import java.util.Locale;

/** Shows a 32-byte tracker to people: lowercase hex, or base32 (RFC 4648, no padding) in groups of four. */
public final class Tracker {

    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private Tracker() {}

    public static String hex(byte[] tracker) {
        return HexFormat.of().formatHex(tracker);
    }

    /** 52 base32 characters in 13 groups of four, separated by hyphens. */
    public static String grouped(byte[] tracker) {
        String b32 = base32(tracker);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < b32.length(); i += 4) {
            if (i > 0) {
                out.append('-');
            }
            out.append(b32, i, Math.min(i + 4, b32.length()));
        }
        return out.toString();
    }

    static String base32(byte[] data) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    /** Reads hex or grouped base32 (any case, spaces and hyphens ignored) back into 32 bytes. */
    public static byte[] parse(String shown) {
        String s = shown.replaceAll("[\\s-]", "");
        if (s.length() == 64 && s.matches("[0-9a-fA-F]+")) {
            return HexFormat.of().parseHex(s.toLowerCase(Locale.ROOT));
        }
        s = s.toUpperCase(Locale.ROOT);
        if (s.length() != 52) {
            throw new CryptoFormatException("A tracker is 64 hex or 52 base32 characters");
        }
        byte[] out = new byte[32];
        int buffer = 0;
        int bits = 0;
        int at = 0;
        for (char ch : s.toCharArray()) {
            int v = ch >= 'A' && ch <= 'Z' ? ch - 'A' : ch >= '2' && ch <= '7' ? ch - '2' + 26 : -1;
            if (v < 0) {
                throw new CryptoFormatException("Not a base32 character: " + ch);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8 && at < 32) {
                out[at++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }
}
