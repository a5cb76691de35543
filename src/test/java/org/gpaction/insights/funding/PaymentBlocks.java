package org.gpaction.insights.funding;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The blocks of the payments table and its indexes a statement's scans of it read, as EXPLAIN (ANALYZE, BUFFERS) counts
 * them: the statement is prepared on the server and run on the plan the connection keeps for it (a generic plan where
 * the connection forces one).
 */
final class PaymentBlocks {

    private PaymentBlocks() {}

    /**
     * @param parameterTypes the prepared statement's, as "(text)", or "" for none
     * @param sql the statement, its parameters written $1, $2…
     * @param arguments what it is run with, as "('A00002')", or "" for none
     */
    static long read(Connection connection, String parameterTypes, String sql, String arguments) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("prepare counted" + parameterTypes + " as " + sql);
            JsonNode plan;
            try (ResultSet result =
                    statement.executeQuery("explain (analyze, buffers, format json) execute counted" + arguments)) {
                result.next();
                plan = JsonMapper.builder()
                        .build()
                        .readTree(result.getString(1))
                        .get(0)
                        .get("Plan");
            }
            statement.execute("deallocate counted");
            return paymentBlocks(plan);
        }
    }

    /** A relation's size in blocks, to say what a count is out of. */
    static long of(Connection connection, String relation) throws Exception {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select pg_relation_size('" + relation + "') / 8192")) {
            result.next();
            return result.getLong(1);
        }
    }

    /**
     * The blocks the plan's scans of the payments table read, its index's with its table's; a node counts its own and
     * its children's, so a scan of the table is counted whole and not looked into. A subquery run for each row hangs
     * under the node that runs it, among its children, and is found there.
     */
    private static long paymentBlocks(JsonNode node) {
        if (node.has("Relation Name") && node.get("Relation Name").asString().equals("payment")) {
            return node.get("Shared Hit Blocks").asLong()
                    + node.get("Shared Read Blocks").asLong();
        }
        long blocks = 0;
        for (JsonNode child : node.path("Plans")) {
            blocks += paymentBlocks(child);
        }
        return blocks;
    }
}
