package org.gpaction.capacity.setup;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Each practice's set-up log: who changed what and when, shown under the set-up page's form. */
@Repository
public class SetupLog {

    private final JdbcClient jdbc;
    private final Clock clock;

    SetupLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Writes a line to the practice's set-up log, for changes made outside a save (pauses, one day's caps). */
    public void add(String odsCode, String by, String what) {
        add(odsCode, by, clock.instant(), what);
    }

    void add(String odsCode, String by, Instant at, String what) {
        jdbc.sql("insert into capacity.setup_log (ods_code, at, by, what) values (:ods, :at, :by, :what)")
                .param("ods", odsCode)
                .param("at", Timestamp.from(at))
                .param("by", by)
                .param("what", what)
                .update();
    }

    public record Entry(Instant at, String by, String what) {

        public String atText() {
            return org.gpaction.common.UkTime.format(at);
        }
    }

    List<Entry> latest(String odsCode) {
        return jdbc.sql(
                        "select at, by, what from capacity.setup_log where ods_code = :ods order by at desc, id desc limit 50")
                .param("ods", odsCode)
                .query((rs, row) ->
                        new Entry(rs.getTimestamp("at").toInstant(), rs.getString("by"), rs.getString("what")))
                .list();
    }
}
