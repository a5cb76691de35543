package org.gpaction.capacity.setup;

import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What each practice's online front door did when full, and its core hours, from each save that changed either
 * (capacity V26): the evidence counts a past day's closed minutes with what was in force then, not with the set-up as
 * it is now.
 */
@Repository
public class SetupsInForce {

    private final JdbcClient jdbc;

    SetupsInForce(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The front-door choice and core hours in force from {@code from}, until the next of the practice's. */
    public record InForce(Instant from, WhenFull whenFull, Map<DayOfWeek, Hours> coreHours) {

        public InForce {
            coreHours = Map.copyOf(coreHours);
        }
    }

    /**
     * Keeps the choice and core hours a save leaves in force from {@code at}, unless they are those in force already. A
     * save is never in force before the last kept (an instance whose clock is behind another's): at the same moment,
     * the later save's replaces it. Called holding the practice's set-up, so saves of one practice come one at a time.
     */
    void saved(String odsCode, Instant at, WhenFull whenFull, Map<DayOfWeek, Hours> coreHours) {
        jdbc.sql("""
                        with last as (
                            select in_force_from, when_full, core_hours from capacity.setup_in_force
                            where ods_code = :ods order by in_force_from desc limit 1
                        )
                        insert into capacity.setup_in_force (ods_code, in_force_from, when_full, core_hours)
                        select :ods, greatest(:at, (select in_force_from from last)), :whenFull,
                               cast(:coreHours as jsonb)
                        where not exists (
                            select 1 from last
                            where when_full = :whenFull and core_hours = cast(:coreHours as jsonb))
                        on conflict (ods_code, in_force_from) do update set
                            when_full = excluded.when_full, core_hours = excluded.core_hours
                        """)
                .param("ods", odsCode)
                .param("at", Timestamp.from(at))
                .param("whenFull", whenFull.name())
                .param("coreHours", SetupJson.text(coreHours))
                .update();
    }

    /**
     * What was in force between two moments, in order: the last kept from at or before {@code from} (with none, the
     * first kept, which stands for the time before anything was kept), then each kept from before {@code to}. Empty
     * for a practice with none kept.
     */
    public List<InForce> between(String odsCode, Instant from, Instant to) {
        return jdbc.sql("""
                        with first as (
                            select coalesce(
                                (select max(in_force_from) from capacity.setup_in_force
                                 where ods_code = :ods and in_force_from <= :from),
                                (select min(in_force_from) from capacity.setup_in_force where ods_code = :ods)) as at
                        )
                        select in_force_from, when_full, core_hours::text as core_hours
                        from capacity.setup_in_force, first
                        where ods_code = :ods and in_force_from >= first.at
                          and (in_force_from < :to or in_force_from = first.at)
                        order by in_force_from
                        """)
                .param("ods", odsCode)
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query((rs, row) -> new InForce(
                        rs.getTimestamp("in_force_from").toInstant(),
                        WhenFull.valueOf(rs.getString("when_full")),
                        SetupJson.hours(rs.getString("core_hours"))))
                .list();
    }
}
