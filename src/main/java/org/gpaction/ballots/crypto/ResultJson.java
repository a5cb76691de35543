package org.gpaction.ballots.crypto;

import static org.gpaction.ballots.crypto.RecordJson.MAPPER;
import static org.gpaction.ballots.crypto.RecordJson.RESULT_FORMAT;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The result: the votes each option got. */
final class ResultJson {

    private ResultJson() {}

    static ObjectNode result(Election e, EncryptedTally t, long[] counts) {
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
