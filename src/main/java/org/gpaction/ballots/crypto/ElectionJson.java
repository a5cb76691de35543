package org.gpaction.ballots.crypto;

import static org.gpaction.ballots.crypto.RecordJson.MAPPER;
import static org.gpaction.ballots.crypto.RecordJson.RECORD_FORMAT;
import static org.gpaction.ballots.crypto.RecordJson.array;
import static org.gpaction.ballots.crypto.RecordJson.hex;
import static org.gpaction.ballots.crypto.RecordJson.point;
import static org.gpaction.ballots.crypto.RecordJson.requireFormat;
import static org.gpaction.ballots.crypto.RecordJson.text;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** election.json and trustees.json: the question, its options and the keys its votes are encrypted to. */
final class ElectionJson {

    private ElectionJson() {}

    static ObjectNode election(Election e) {
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

    static ObjectNode trustees(Election e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", RECORD_FORMAT);
        ArrayNode list = n.putArray("trustees");
        e.trustees().forEach(t -> list.add(TrusteeKeyJson.publicKey(t)));
        return n;
    }

    /** Rebuilds the election from election.json and trustees.json; the caller compares the stated hashes. */
    static Election election(JsonNode election, JsonNode trustees) {
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
            TrusteeKey.PublicKey key = TrusteeKeyJson.publicKey(t);
            // Shares are matched to trustees by key, so a key listed twice would let one share stand for two.
            if (keys.stream().anyMatch(k -> k.key().equals(key.key()))) {
                throw new CryptoFormatException(
                        "Trustee " + (keys.size() + 1) + "'s public key is an earlier trustee's");
            }
            keys.add(key);
        }
        return new Election(text(election, "electionId"), text(election, "question"), options, keys);
    }
}
