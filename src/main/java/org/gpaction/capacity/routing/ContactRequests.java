package org.gpaction.capacity.routing;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.gpaction.capacity.setup.CapLimits;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Every request and its one outcome, as metadata only. */
@Repository
class ContactRequests {

    record Stored(
            long id,
            LocalDate day,
            Instant receivedAt,
            Channel channel,
            RequestKind kind,
            Outcome outcome,
            Long clinicianId,
            Instant undoneAt,
            String undoneBy,
            boolean fromFrontDoor) {}

    /**
     * @param booked requests booked, those from the waiting list left out: each is a request already counted
     * @param servedFromWaitingList patients booked from the waiting list
     */
    record DayCounts(int booked, int diverted, int waitlisted, int servedFromWaitingList) {}

    /**
     * Whether a request (the table aliased {@code r}) came through the online front door: sent online and recorded by
     * nobody on the staff, as one a receptionist keys in for an online request is not. Its patient was told the
     * outcome, so staff withdraw it rather than undo it.
     */
    static final String FROM_FRONT_DOOR = "(r.recorded_by is null and r.channel = 'ONLINE')";

    /** A request by its form's claim, its clinician's cap held as a decision holds it (capacity.cap_held_to). */
    private static final String UNDER_CLAIM = """
            select r.id, r.received_at, r.outcome, r.reason, r.clinician_id, c.label,
                   capacity.cap_held_to(d.cap, %s) as cap,
                   r.contact_number, r.waitlisted_for, r.signposts
            from capacity.contact_request r
            left join capacity.clinician c on c.id = r.clinician_id
            left join capacity.clinician_day d on d.clinician_id = r.clinician_id and d.day = r.day
            where r.form_claim = :claim and r.ods_code = :ods
            """.formatted(CapLimits.capLimitSql("r.ods_code", "r.day"));

    private final JdbcClient jdbc;

    ContactRequests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(
            String odsCode,
            LocalDate day,
            Instant at,
            Router.Request request,
            Outcome outcome,
            DiversionReason reason,
            Long clinicianId,
            Integer contactNumber,
            LocalDate waitlistedFor,
            List<String> signposts,
            String recordedBy) {
        return jdbc.sql("""
                        insert into capacity.contact_request (ods_code, day, received_at, channel, kind, outcome, reason,
                            clinician_id, contact_number, waitlisted_for, signposts, recorded_by, form_claim)
                        values (:ods, :day, :at, :channel, :kind, :outcome, :reason, :clinician, :number, :waitlistedFor,
                            :signposts, :by, :formClaim)
                        returning id
                        """)
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .param("at", Timestamp.from(at))
                .param("channel", request.channel().name())
                .param("kind", request.kind().name())
                .param("outcome", outcome.name())
                .param("reason", reason == null ? null : reason.name())
                .param("clinician", clinicianId)
                .param("number", contactNumber)
                .param("waitlistedFor", waitlistedFor == null ? null : Date.valueOf(waitlistedFor))
                .param("signposts", signposts.toArray(String[]::new))
                .param("by", recordedBy)
                .param("formClaim", request.formClaim())
                .query(Long.class)
                .single();
    }

    /**
     * A request as it was recorded under a form's claim, with its clinician's label and cap that day, held to action 1's
     * daily contact limit while action 1 is in force (capacity.cap_held_to), as the decision holds it.
     */
    record UnderClaim(
            long id,
            Instant receivedAt,
            Outcome outcome,
            DiversionReason reason,
            Long clinicianId,
            String clinicianLabel,
            Integer cap,
            Integer contactNumber,
            LocalDate waitlistedFor,
            List<String> signposts) {}

    /** The request recorded under this claim on a form's value, if its sending got that far. */
    Optional<UnderClaim> underClaim(String odsCode, UUID claim) {
        return jdbc.sql(UNDER_CLAIM)
                .param("claim", claim)
                .param("ods", odsCode)
                .query((rs, row) -> new UnderClaim(
                        rs.getLong("id"),
                        rs.getTimestamp("received_at").toInstant(),
                        Outcome.valueOf(rs.getString("outcome")),
                        rs.getString("reason") == null ? null : DiversionReason.valueOf(rs.getString("reason")),
                        rs.getObject("clinician_id", Long.class),
                        rs.getString("label"),
                        rs.getObject("cap", Integer.class),
                        rs.getObject("contact_number", Integer.class),
                        rs.getDate("waitlisted_for") == null
                                ? null
                                : rs.getDate("waitlisted_for").toLocalDate(),
                        List.of((String[]) rs.getArray("signposts").getArray())))
                .optional();
    }

    Optional<Stored> find(String odsCode, long id) {
        return jdbc.sql("""
                        select r.id, r.day, r.received_at, r.channel, r.kind, r.outcome, r.clinician_id, r.undone_at,
                               r.undone_by, %s as from_front_door
                        from capacity.contact_request r where r.id = :id and r.ods_code = :ods
                        """.formatted(FROM_FRONT_DOOR))
                .param("id", id)
                .param("ods", odsCode)
                .query((rs, row) -> new Stored(
                        rs.getLong("id"),
                        rs.getDate("day").toLocalDate(),
                        rs.getTimestamp("received_at").toInstant(),
                        Channel.valueOf(rs.getString("channel")),
                        RequestKind.valueOf(rs.getString("kind")),
                        Outcome.valueOf(rs.getString("outcome")),
                        rs.getObject("clinician_id", Long.class),
                        rs.getTimestamp("undone_at") == null
                                ? null
                                : rs.getTimestamp("undone_at").toInstant(),
                        rs.getString("undone_by"),
                        rs.getBoolean("from_front_door")))
                .optional();
    }

    void markUndone(long id, Instant at, String by) {
        jdbc.sql("update capacity.contact_request set undone_at = :at, undone_by = :by where id = :id")
                .param("at", Timestamp.from(at))
                .param("by", by)
                .param("id", id)
                .update();
    }

    DayCounts counts(String odsCode, LocalDate day) {
        return jdbc.sql("""
                        select count(*) filter (where outcome = 'BOOKED' and not from_waiting_list) as booked,
                               count(*) filter (where outcome = 'DIVERTED') as diverted,
                               count(*) filter (where outcome = 'WAITLISTED') as waitlisted,
                               count(*) filter (where from_waiting_list) as served
                        from capacity.contact_request where ods_code = :ods and day = :day and undone_at is null
                        """)
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .query((rs, row) -> new DayCounts(
                        rs.getInt("booked"), rs.getInt("diverted"), rs.getInt("waitlisted"), rs.getInt("served")))
                .single();
    }

    record Recent(
            long id,
            Instant receivedAt,
            Channel channel,
            RequestKind kind,
            Outcome outcome,
            String reason,
            String clinician,
            Integer contactNumber,
            LocalDate waitlistedFor,
            boolean fromWaitingList,
            boolean fromFrontDoor) {}

    /** The day's latest requests, newest first, for the board. */
    List<Recent> recent(String odsCode, LocalDate day, int limit) {
        return jdbc.sql("""
                        select r.id, r.received_at, r.channel, r.kind, r.outcome, r.reason, c.label, r.contact_number,
                               r.waitlisted_for, r.from_waiting_list, %s as from_front_door
                        from capacity.contact_request r left join capacity.clinician c on c.id = r.clinician_id
                        where r.ods_code = :ods and r.day = :day and r.undone_at is null
                        order by r.id desc limit :limit
                        """.formatted(FROM_FRONT_DOOR))
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .param("limit", limit)
                .query((rs, row) -> new Recent(
                        rs.getLong("id"),
                        rs.getTimestamp("received_at").toInstant(),
                        Channel.valueOf(rs.getString("channel")),
                        RequestKind.valueOf(rs.getString("kind")),
                        Outcome.valueOf(rs.getString("outcome")),
                        rs.getString("reason"),
                        rs.getString("label"),
                        rs.getObject("contact_number", Integer.class),
                        rs.getDate("waitlisted_for") == null
                                ? null
                                : rs.getDate("waitlisted_for").toLocalDate(),
                        rs.getBoolean("from_waiting_list"),
                        rs.getBoolean("from_front_door")))
                .list();
    }
}
