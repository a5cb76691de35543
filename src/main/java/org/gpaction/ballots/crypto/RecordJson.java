package org.gpaction.ballots.crypto;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;
import org.gpaction.common.JsonFaults;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the JSON documents of the ballot record and the trustee's files share: their formats, points and scalars as
 * lowercase hex, and fields read with a message naming the one missing.
 */
public final class RecordJson {

    public static final String RECORD_FORMAT = "gp-action-ballot-record/1";
    public static final String PUBLIC_KEY_FORMAT = "gp-action-trustee-public-key/1";
    public static final String PRIVATE_KEY_FORMAT = "gp-action-trustee-private-key/1";
    public static final String TALLY_FORMAT = "gp-action-encrypted-tally/1";
    public static final String SHARE_FORMAT = "gp-action-decryption-share/1";
    public static final String RESULT_FORMAT = "gp-action-result/1";
    private static final java.util.Set<String> KNOWN_FORMATS = java.util.Set.of(
            RECORD_FORMAT, PUBLIC_KEY_FORMAT, PRIVATE_KEY_FORMAT, TALLY_FORMAT, SHARE_FORMAT, RESULT_FORMAT);

    static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();

    private RecordJson() {}

    public static byte[] write(JsonNode node) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    }

    public static JsonNode read(byte[] bytes, String what) {
        try {
            return MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            // Never the parser's own words, which quote what was sent: a pasted secret, perhaps.
            throw new CryptoFormatException(what + " is not JSON: " + JsonFaults.of(e));
        }
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    public static String point(ECPoint p) {
        return hex(Group.encodePoint(p));
    }

    /**
     * The joint key of trustees' public keys given in hex: their sum, which every vote is encrypted to, in hex as the
     * record's election.json gives it and the verifier prints it, so that one can be compared with the other.
     */
    public static String jointKey(List<String> publicKeys) {
        ECPoint sum = Group.CURVE.getInfinity();
        for (String key : publicKeys) {
            sum = sum.add(Group.decodePoint(HEX.parseHex(key)));
        }
        return point(sum.normalize());
    }

    static String scalar(BigInteger k) {
        return hex(Group.encodeScalar(k));
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isString()) {
            throw new CryptoFormatException("Missing text field \"" + field + "\"");
        }
        return v.stringValue();
    }

    static long number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new CryptoFormatException("Missing whole-number field \"" + field + "\"");
        }
        return v.longValue();
    }

    static JsonNode array(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray()) {
            throw new CryptoFormatException("Missing list \"" + field + "\"");
        }
        return v;
    }

    static byte[] bytes(JsonNode node, String field) {
        String hex = text(node, field);
        if (!hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new CryptoFormatException("\"" + field + "\" is not lowercase hex");
        }
        try {
            return HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new CryptoFormatException("\"" + field + "\" is not hex");
        }
    }

    static ECPoint point(JsonNode node, String field, boolean allowIdentity) {
        return Group.decodePoint(bytes(node, field), allowIdentity);
    }

    static BigInteger scalar(JsonNode node, String field) {
        return Group.decodeScalar(bytes(node, field));
    }

    static void requireFormat(JsonNode node, String format) {
        JsonNode given = node.isObject() ? node.get("format") : null;
        // A format that is no text (an object, a list, a number) is another format, not a reason to stop reading.
        String found = given == null ? "none" : given.isString() ? given.stringValue() : "another";
        if (!format.equals(found)) {
            // Only a format of these files is named: anything else was written by whoever sent it.
            throw new CryptoFormatException("Expected format " + format + ", found "
                    + (KNOWN_FORMATS.contains(found) || found.equals("none") ? found : "another"));
        }
    }
}
