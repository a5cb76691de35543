package org.gpaction.ballots.crypto;

import static org.gpaction.ballots.crypto.RecordJson.MAPPER;
import static org.gpaction.ballots.crypto.RecordJson.RECORD_FORMAT;
import static org.gpaction.ballots.crypto.RecordJson.SHARE_FORMAT;
import static org.gpaction.ballots.crypto.RecordJson.array;
import static org.gpaction.ballots.crypto.RecordJson.hex;
import static org.gpaction.ballots.crypto.RecordJson.number;
import static org.gpaction.ballots.crypto.RecordJson.point;
import static org.gpaction.ballots.crypto.RecordJson.requireFormat;
import static org.gpaction.ballots.crypto.RecordJson.scalar;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A trustee's decryption share of a tally, and the record's list of them. */
public final class DecryptionShareJson {

    private DecryptionShareJson() {}

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
}
