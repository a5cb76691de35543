package org.gpaction.ballots.crypto;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bouncycastle.math.ec.ECPoint;
import org.gpaction.common.JsonFaults;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON documents of the ballot record and the trustee's files: points and scalars as lowercase hex. */
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
    /** The limits docs/ballot-record.md section 6 sets on a record's JSON, given here rather than left to defaults. */
    static final int MOST_DEPTH = 500;

    static final int LONGEST_NAME = 50_000;
    static final int LONGEST_TEXT = 100_000_000;
    private static final ObjectMapper RECORD_MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MOST_DEPTH)
                            .maxNameLength(LONGEST_NAME)
                            .maxStringLength(LONGEST_TEXT)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
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

    /**
     * Reads a JSON file of the ballot record as docs/ballot-record.md section 6 says: UTF-8 without a byte order mark,
     * one value, no field twice in an object, every number a whole number in the 64-bit range written without a
     * fraction or an exponent, and every text (names included) Unicode. Two verifiers that read the same record
     * must read the same values, so nothing is left to a parser's choice (which of two fields wins, say).
     */
    static JsonNode readRecordFile(byte[] bytes, String name) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CryptoFormatException(name + " is not UTF-8");
        }
        if (text.startsWith("\uFEFF")) {
            throw new CryptoFormatException(name + " starts with a byte order mark");
        }
        JsonNode node;
        try {
            node = RECORD_MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new CryptoFormatException(name + " is not JSON: " + e.getOriginalMessage());
        }
        requireStrict(node, name);
        return node;
    }

    private static void requireStrict(JsonNode node, String name) {
        if (node.isNumber() && !(node.isIntegralNumber() && node.canConvertToLong())) {
            throw new CryptoFormatException(name + " has a number that is not a whole number of 64 bits: " + node);
        }
        if (node.isString()) {
            requireUnicode(node.stringValue(), name);
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                requireUnicode(field.getKey(), name);
                requireStrict(field.getValue(), name);
            }
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                requireStrict(element, name);
            }
        }
    }

    /** Half a surrogate pair, escaped alone, is no character, and UTF-8 cannot encode it for a hash. */
    private static void requireUnicode(String text, String name) {
        if (text.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
            throw new CryptoFormatException(name + " has a text with a lone surrogate, which is not Unicode");
        }
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    public static String point(ECPoint p) {
        return hex(Group.encodePoint(p));
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
        String found = node.isObject() && node.get("format") != null
                ? node.get("format").asString()
                : "none";
        if (!format.equals(found)) {
            // Only a format of these files is named: anything else was written by whoever sent it.
            throw new CryptoFormatException("Expected format " + format + ", found "
                    + (KNOWN_FORMATS.contains(found) || found.equals("none") ? found : "another"));
        }
    }

    // Trustee public key

    public static ObjectNode publicKey(TrusteeKey.PublicKey key) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", PUBLIC_KEY_FORMAT);
        n.put("publicKey", point(key.key()));
        ObjectNode proof = n.putObject("proof");
        proof.put("challenge", scalar(key.proof().challenge()));
        proof.put("response", scalar(key.proof().response()));
        return n;
    }

    public static TrusteeKey.PublicKey publicKey(JsonNode n) {
        requireFormat(n, PUBLIC_KEY_FORMAT);
        JsonNode proof = n.get("proof");
        if (proof == null) {
            throw new CryptoFormatException("Missing \"proof\"");
        }
        return new TrusteeKey.PublicKey(
                point(n, "publicKey", false), new Proof(scalar(proof, "challenge"), scalar(proof, "response")));
    }

    public static ObjectNode privateKey(TrusteeKey key) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", PRIVATE_KEY_FORMAT);
        n.put("secretKey", scalar(key.secret()));
        n.set("public", publicKey(key.publicKey()));
        return n;
    }

    /**
     * The public key a private key file's secret gives (s·G), worked out from the secret: the file's own "public" is
     * not trusted, as anyone can write any public key there.
     */
    public static ECPoint publicKeyOfSecret(JsonNode n) {
        requireFormat(n, PRIVATE_KEY_FORMAT);
        BigInteger secret = scalar(n, "secretKey");
        if (secret.signum() == 0) {
            throw new CryptoFormatException("A secret key is in [1, n)");
        }
        return Group.mulG(secret).normalize();
    }

    /** Reads a private key file, checking that its secret gives its public key. */
    public static TrusteeKey privateKey(JsonNode n, java.security.SecureRandom random) {
        requireFormat(n, PRIVATE_KEY_FORMAT);
        BigInteger secret = scalar(n, "secretKey");
        TrusteeKey key = TrusteeKey.fromSecret(secret, random);
        JsonNode pub = n.get("public");
        if (pub != null && !publicKey(pub).key().equals(key.publicKey().key())) {
            throw new CryptoFormatException("The private key does not match its public key");
        }
        return key;
    }

    // Election

    public static ObjectNode election(Election e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", RECORD_FORMAT);
        ObjectNode g = n.putObject("group");
        g.put("name", Group.NAME);
        g.put("p", hex(Group.fixed32(Group.CURVE.getField().getCharacteristic())));
        g.put("a", hex(Group.fixed32(Group.CURVE.getA().toBigInteger())));
        g.put("b", hex(Group.fixed32(Group.CURVE.getB().toBigInteger())));
        g.put("generator", point(Group.G));
        g.put("order", hex(Group.fixed32(Group.N)));
        n.put("parameterHash", hex(Group.parameterHash()));
        n.put("electionId", e.electionId());
        n.put("question", e.question());
        ArrayNode options = n.putArray("options");
        e.options().forEach(options::add);
        n.put("trusteeCount", e.trustees().size());
        n.put("baseHash", hex(e.baseHash()));
        n.put("jointPublicKey", point(e.jointKey()));
        n.put("extendedBaseHash", hex(e.extendedBaseHash()));
        return n;
    }

    public static ObjectNode trustees(Election e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", RECORD_FORMAT);
        ArrayNode list = n.putArray("trustees");
        e.trustees().forEach(t -> list.add(publicKey(t)));
        return n;
    }

    /** Rebuilds the election from election.json and trustees.json; the caller compares the stated hashes. */
    public static Election election(JsonNode election, JsonNode trustees) {
        requireFormat(election, RECORD_FORMAT);
        requireFormat(trustees, RECORD_FORMAT);
        List<String> options = new ArrayList<>();
        for (JsonNode o : array(election, "options")) {
            if (!o.isString()) {
                throw new CryptoFormatException("An option is text");
            }
            // A result must say which option got which votes: two options of one name would not.
            if (o.stringValue().isEmpty() || options.contains(o.stringValue())) {
                throw new CryptoFormatException(
                        "Option " + (options.size() + 1) + " is empty or has the name of an earlier option");
            }
            options.add(o.stringValue());
        }
        List<TrusteeKey.PublicKey> keys = new ArrayList<>();
        for (JsonNode t : array(trustees, "trustees")) {
            TrusteeKey.PublicKey key = publicKey(t);
            // Shares are matched to trustees by key, so a key listed twice would let one share stand for two.
            if (keys.stream().anyMatch(k -> k.key().equals(key.key()))) {
                throw new CryptoFormatException(
                        "Trustee " + (keys.size() + 1) + "'s public key is an earlier trustee's");
            }
            keys.add(key);
        }
        return new Election(text(election, "electionId"), text(election, "question"), options, keys);
    }

    // Tally

    public static ObjectNode tally(Election e, EncryptedTally t) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", TALLY_FORMAT);
        n.put("electionId", e.electionId());
        n.put("extendedBaseHash", hex(e.extendedBaseHash()));
        n.put("ballotsCounted", t.counted());
        ArrayNode spoilt = n.putArray("spoilt");
        for (EncryptedTally.Spoilt s : t.spoilt()) {
            ObjectNode o = spoilt.addObject();
            o.put("position", s.position());
            o.put("tracker", s.tracker());
            o.put("reason", s.reason());
        }
        ArrayNode totals = n.putArray("totals");
        for (int j = 0; j < t.totals().size(); j++) {
            ObjectNode o = totals.addObject();
            o.put("option", j);
            o.put("alpha", point(t.totals().get(j).alpha()));
            o.put("beta", point(t.totals().get(j).beta()));
        }
        return n;
    }

    public static EncryptedTally tally(JsonNode n) {
        requireFormat(n, TALLY_FORMAT);
        List<Ciphertext> totals = new ArrayList<>();
        for (JsonNode o : array(n, "totals")) {
            if (number(o, "option") != totals.size()) {
                throw new CryptoFormatException("Totals are listed by option from 0");
            }
            totals.add(new Ciphertext(point(o, "alpha", true), point(o, "beta", true)));
        }
        List<EncryptedTally.Spoilt> spoilt = new ArrayList<>();
        for (JsonNode o : array(n, "spoilt")) {
            spoilt.add(new EncryptedTally.Spoilt(number(o, "position"), text(o, "tracker"), text(o, "reason")));
        }
        return new EncryptedTally(totals, number(n, "ballotsCounted"), spoilt);
    }

    public static byte[] tallyBaseHash(JsonNode n) {
        requireFormat(n, TALLY_FORMAT);
        return bytes(n, "extendedBaseHash");
    }

    // Decryption shares

    public static ObjectNode share(byte[] extendedBaseHash, DecryptionShare s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", SHARE_FORMAT);
        n.put("extendedBaseHash", hex(extendedBaseHash));
        n.put("publicKey", point(s.trusteeKey()));
        ArrayNode parts = n.putArray("parts");
        for (int j = 0; j < s.parts().size(); j++) {
            ObjectNode o = parts.addObject();
            o.put("option", j);
            o.put("share", point(s.parts().get(j).share()));
            o.put("challenge", scalar(s.parts().get(j).proof().challenge()));
            o.put("response", scalar(s.parts().get(j).proof().response()));
        }
        return n;
    }

    public static DecryptionShare share(JsonNode n) {
        requireFormat(n, SHARE_FORMAT);
        List<DecryptionShare.Part> parts = new ArrayList<>();
        for (JsonNode o : array(n, "parts")) {
            if (number(o, "option") != parts.size()) {
                throw new CryptoFormatException("Parts are listed by option from 0");
            }
            parts.add(new DecryptionShare.Part(
                    point(o, "share", true), new Proof(scalar(o, "challenge"), scalar(o, "response"))));
        }
        return new DecryptionShare(point(n, "publicKey", false), parts);
    }

    public static ObjectNode shares(byte[] extendedBaseHash, List<DecryptionShare> shares) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", RECORD_FORMAT);
        ArrayNode list = n.putArray("shares");
        shares.forEach(s -> list.add(share(extendedBaseHash, s)));
        return n;
    }

    // Result

    public static ObjectNode result(Election e, EncryptedTally t, long[] counts) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", RESULT_FORMAT);
        n.put("electionId", e.electionId());
        n.put("question", e.question());
        n.put("ballotsCounted", t.counted());
        n.put("ballotsSpoilt", t.spoilt().size());
        ArrayNode results = n.putArray("results");
        for (int j = 0; j < counts.length; j++) {
            ObjectNode o = results.addObject();
            o.put("option", j);
            o.put("name", e.options().get(j));
            o.put("votes", counts[j]);
        }
        return n;
    }
}
