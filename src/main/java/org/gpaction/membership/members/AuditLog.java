package org.gpaction.membership.members;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Who looked at or changed which member record, and when. */
@Component
public class AuditLog {

    record Entry(Instant at, String actor, String action, String membershipNumber, String detail) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(String actor, String action, String membershipNumber, String detail) {
        jdbc.sql("""
                        insert into membership.audit_log (at, actor, action, membership_number, detail)
                        values (:at, :actor, :action, :number, :detail)
                        """)
                .param("at", Timestamp.from(clock.instant()))
                .param("actor", actor)
                .param("action", action)
                .param("number", membershipNumber)
                .param("detail", detail)
                .update();
    }

    /** The same act on many members at once, one entry each, in one statement. */
    public void recordEach(String actor, String action, java.util.Collection<String> membershipNumbers, String detail) {
        if (membershipNumbers.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into membership.audit_log (at, actor, action, membership_number, detail)
                        select :at, :actor, :action, number, :detail from unnest(cast(:numbers as text[])) as number
                        """)
                .param("at", Timestamp.from(clock.instant()))
                .param("actor", actor)
                .param("action", action)
                .param("numbers", membershipNumbers.toArray(String[]::new))
                .param("detail", detail)
                .update();
    }

    List<Entry> recent(String membershipNumber, int limit) {
        return jdbc.sql("""
                        select at, actor, action, membership_number, detail from membership.audit_log
                        where cast(:number as text) is null or membership_number = :number
                        order by at desc, id desc limit :limit
                        """)
                .param("number", membershipNumber)
                .param("limit", limit)
                .query((rs, row) -> new Entry(
                        rs.getTimestamp("at").toInstant(),
                        rs.getString("actor"),
                        rs.getString("action"),
                        rs.getString("membership_number"),
                        rs.getString("detail")))
                .list();
    }
}
