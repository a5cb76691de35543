package org.gpaction.ballots.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JSON file of the ballot record as docs/ballot-record.md section 6 says: UTF-8 without a byte order mark,
 * one value, no field twice in an object, every number a whole number in the 64-bit range written without a
 * fraction or an exponent, and every text (names included) Unicode. Two verifiers that read the same record
 * must read the same values, so nothing is left to a parser's choice (which of two fields wins, say).
 */
final class StrictRecordReader {

    /** The limits docs/ballot-record.md section 6 sets on a record's JSON, given here rather than left to defaults. */
    private static final int MOST_DEPTH = 500;

    private static final int LONGEST_NAME = 50_000;
    private static final int LONGEST_TEXT = 100_000_000;
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

    private StrictRecordReader() {}

    static JsonNode read(byte[] bytes, String name) {
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
}
