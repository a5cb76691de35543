package org.gpaction.capacity.routing;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The requests put on a practice's waiting list, and the bookings that served them: a booking from the waiting list
 * names the request it served ({@code served_from}), and each request is served at most once (capacity V11).
 */
@Repository
class WaitingList {

    /** A booking that served a request on the waiting list: when, and with whom (none for an admin request not counted). */
    record Served(long bookingId, Instant at, Long clinicianId, String clinician, Integer contactNumber) {}

    /** A request on the waiting list, and the booking that served it if one has. */
    record Entry(
            long id,
            Instant receivedAt,
            Channel channel,
            RequestKind kind,
            LocalDate waitlistedFor,
            boolean undone,
            Served served,
            boolean fromFrontDoor) {

        /** Whether it was put on the list of a day before {@code day}, and carried onto that day's. */
        public boolean carriedTo(LocalDate day) {
            return waitlistedFor.isBefore(day);
        }
    }

    private static final String ENTRY = """
            select r.id, r.received_at, r.channel, r.kind, r.waitlisted_for, r.undone_at is not null as undone,
                   %s as from_front_door,
                   s.id as booking_id, s.received_at as served_at, s.clinician_id, c.label, s.contact_number
            from capacity.contact_request r
            left join capacity.contact_request s on s.served_from = r.id and s.undone_at is null
            left join capacity.clinician c on c.id = s.clinician_id
            """.formatted(ContactRequests.FROM_FRONT_DOOR);

    private final JdbcClient jdbc;

    WaitingList(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The requests waiting for a day, those already served among them, and before them the requests put on the lists
     * of the days from {@code carriedFrom} that were still waiting on the day (not served before it, so served on it
     * or after, or not yet): oldest day first, each day's in the order they came.
     */
    List<Entry> waitingFor(String odsCode, LocalDate day, LocalDate carriedFrom) {
        return jdbc.sql(ENTRY + """
                        where r.ods_code = :ods and r.waitlisted_for between :from and :day and r.undone_at is null
                            and (r.waitlisted_for = :day or s.id is null or s.day >= :day)
                        order by r.waitlisted_for, r.id
                        """)
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .param("from", Date.valueOf(carriedFrom))
                .query((rs, row) -> entry(rs))
                .list();
    }

    /**
     * The practice's request on the waiting list, held until the caller's transaction ends so that only one booking
     * serves it at a time; empty if the practice has no such request or it was not put on the waiting list.
     */
    Optional<Entry> hold(String odsCode, long id) {
        return jdbc.sql("""
                        select id from capacity.contact_request
                        where id = :id and ods_code = :ods and outcome = 'WAITLISTED'
                        for update
                        """)
                .param("id", id)
                .param("ods", odsCode)
                .query(Long.class)
                .optional()
                .flatMap(held -> find(odsCode, held));
    }

    Optional<Entry> find(String odsCode, long id) {
        return jdbc.sql(ENTRY + "where r.id = :id and r.ods_code = :ods and r.outcome = 'WAITLISTED'")
                .param("id", id)
                .param("ods", odsCode)
                .query((rs, row) -> entry(rs))
                .optional();
    }

    /** Records a booking from the waiting list that counts against no clinician's cap (admin, where not counted). */
    long bookWithNobody(String odsCode, LocalDate day, Instant at, Entry served, String recordedBy) {
        return jdbc.sql("""
                        insert into capacity.contact_request (ods_code, day, received_at, channel, kind, outcome,
                            served_from, from_waiting_list, recorded_by)
                        values (:ods, :day, :at, 'RECEPTION', :kind, 'BOOKED', :servedFrom, true, :by)
                        returning id
                        """)
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .param("at", Timestamp.from(at))
                .param("kind", served.kind().name())
                .param("servedFrom", served.id())
                .param("by", recordedBy)
                .query(Long.class)
                .single();
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        long booking = rs.getLong("booking_id");
        Served served = rs.wasNull()
                ? null
                : new Served(
                        booking,
                        rs.getTimestamp("served_at").toInstant(),
                        rs.getObject("clinician_id", Long.class),
                        rs.getString("label"),
                        rs.getObject("contact_number", Integer.class));
        return new Entry(
                rs.getLong("id"),
                rs.getTimestamp("received_at").toInstant(),
                Channel.valueOf(rs.getString("channel")),
                RequestKind.valueOf(rs.getString("kind")),
                rs.getDate("waitlisted_for").toLocalDate(),
                rs.getBoolean("undone"),
                served,
                rs.getBoolean("from_front_door"));
    }
}
