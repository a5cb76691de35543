package org.gpaction.ballots.crypto;

import static org.gpaction.ballots.crypto.RecordJson.MAPPER;
import static org.gpaction.ballots.crypto.RecordJson.TALLY_FORMAT;
import static org.gpaction.ballots.crypto.RecordJson.array;
import static org.gpaction.ballots.crypto.RecordJson.hex;
import static org.gpaction.ballots.crypto.RecordJson.number;
import static org.gpaction.ballots.crypto.RecordJson.point;
import static org.gpaction.ballots.crypto.RecordJson.requireFormat;
import static org.gpaction.ballots.crypto.RecordJson.text;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The encrypted tally: the totals the trustees decrypt, and the papers spoilt. */
public final class TallyJson {

    private TallyJson() {}

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
}
