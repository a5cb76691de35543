package org.gpaction.capacity.routing;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.gpaction.capacity.setup.Signpost;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes decided requests, and the contacts they book, in one statement each, which holds only while the day has had
 * no change since its facts were read ({@link DayFacts#changes}) and no count passes a cap in force: then the room they
 * were decided from is the room there is. Otherwise nothing is written and the caller decides again. Action 1 taken
 * or ended and a front-door pause take no day lock and count no change: a decision written after one of them from an
 * earlier read is the one it would have been just before it, as they read nothing a decision writes and an action's
 * in force is by day (actions.in_force), so action 1 holds from the start of its day, bookings made earlier that day
 * standing whatever the cap. Were it in force from a moment within the day, this would no longer hold. A menu published
 * with a lower daily contact limit for action 1 is the same: the limit a write holds the caps to is the one read with
 * the facts, so a decision written after the menu changed is the one it would have been just before.
 */
@Repository
class DayWrites {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DayWrites(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    record Written(long id, Integer contactNumber) {}

    /**
     * Books one contact with the clinician and records the request in one statement, only if the day has had no
     * change since {@code changesSeen} and the clinician has room: then the room the booking was decided from is the
     * room there is. Answers the request's id and the contact's number, or empty when the day has moved on (nothing
     * is written then). One statement commits on its own, so a booking needs no transaction around it: it holds the
     * day's row only while it writes. A booking from the waiting list names the request it serves; one that leaves
     * no routine room ({@link Router#fills}) is marked {@code filled}. With action 1 in force, the clinician's cap is
     * held to {@code capLimit} ({@link DayFacts#capLimit}) by capacity.cap_held_to; with none (null), no cap holds.
     */
    Optional<Written> bookIfUnchanged(
            String odsCode,
            LocalDate day,
            long changesSeen,
            long clinicianId,
            Integer capLimit,
            boolean nhs111,
            Instant at,
            Router.Request request,
            String recordedBy,
            Long servedFrom,
            boolean filled) {
        return jdbc.sql("""
                        with changed as (
                            update capacity.practice_day
                            set changes = changes + 1, nhs111_booked = nhs111_booked + :nhs111
                            where ods_code = :ods and day = :day and changes = :seen
                              and exists (select 1 from capacity.clinician_day
                                          where clinician_id = :clinician and day = :day
                                            and (cast(:capLimit as integer) is null
                                                 or used < capacity.cap_held_to(cap, cast(:capLimit as integer))))
                            returning day
                        ), booked as (
                            update capacity.clinician_day set used = used + 1
                            where clinician_id = :clinician and day = (select day from changed)
                              and (cast(:capLimit as integer) is null
                                   or used < capacity.cap_held_to(cap, cast(:capLimit as integer)))
                            returning used
                        )
                        insert into capacity.contact_request (ods_code, day, received_at, channel, kind, outcome,
                            clinician_id, contact_number, signposts, recorded_by, served_from, from_waiting_list,
                            filled, form_claim)
                        select :ods, :day, :at, :channel, :kind, 'BOOKED', :clinician, (select used from booked),
                            '{}', :by, cast(:servedFrom as bigint), cast(:servedFrom as bigint) is not null, :filled,
                            cast(:formClaim as uuid)
                        from changed
                        returning id, contact_number
                        """)
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .param("seen", changesSeen)
                .param("nhs111", nhs111 ? 1 : 0)
                .param("clinician", clinicianId)
                .param("capLimit", capLimit)
                .param("at", Timestamp.from(at))
                .param("channel", request.channel().name())
                .param("kind", request.kind().name())
                .param("by", recordedBy)
                .param("servedFrom", servedFrom)
                .param("filled", filled)
                .param("formClaim", request.formClaim())
                .query((rs, row) -> new Written(rs.getLong("id"), rs.getObject("contact_number", Integer.class)))
                .optional();
    }

    /**
     * One request's row as {@link #recordTogether} writes it.
     *
     * @param filled a booking that left no routine room ({@link Router#fills})
     */
    record Row(
            Instant receivedAt,
            Channel channel,
            RequestKind kind,
            Outcome outcome,
            DiversionReason reason,
            Long clinicianId,
            Integer contactNumber,
            LocalDate waitlistedFor,
            List<String> signposts,
            String recordedBy,
            boolean filled,
            UUID formClaim) {

        /** @param clinician the clinician's day with this contact counted, or null if it uses nobody's capacity */
        static Row booked(Instant at, Router.Request request, String by, ClinicianLoad clinician, boolean filled) {
            return new Row(
                    at,
                    request.channel(),
                    request.kind(),
                    Outcome.BOOKED,
                    null,
                    clinician == null ? null : clinician.id(),
                    clinician == null ? null : clinician.used(),
                    null,
                    List.of(),
                    by,
                    filled,
                    request.formClaim());
        }

        static Row without(
                Instant at, Router.Request request, String by, Router.Decision decision, List<Signpost> given) {
            List<String> names = given.stream().map(Signpost::name).toList();
            if (decision instanceof Router.Diverted diverted) {
                return new Row(
                        at,
                        request.channel(),
                        request.kind(),
                        Outcome.DIVERTED,
                        diverted.reason(),
                        null,
                        null,
                        null,
                        names,
                        by,
                        false,
                        request.formClaim());
            }
            return new Row(
                    at,
                    request.channel(),
                    request.kind(),
                    Outcome.WAITLISTED,
                    null,
                    null,
                    null,
                    ((Router.Waitlisted) decision).forDay(),
                    names,
                    by,
                    false,
                    request.formClaim());
        }
    }

    /**
     * Records requests decided together and counts their bookings to their clinicians and NHS 111, in one statement,
     * only if the day has had no change since {@code changesSeen} and no count would pass a cap in force: then the
     * room they were decided from is the room there is. Answers the requests' ids in their order, or empty when the
     * day has moved on; nothing is written then. One statement commits on its own, so it needs no transaction. With
     * action 1 in force, each cap is held to {@code capLimit}, as in {@link #bookIfUnchanged}; with none (null), no
     * cap holds.
     */
    Optional<List<Long>> recordTogether(
            String odsCode, LocalDate day, long changesSeen, Integer capLimit, int nhs111Booked, List<Row> rows) {
        List<Map<String, Object>> values = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Map<String, Object> value = new HashMap<>();
            value.put("n", values.size());
            value.put("received_at", row.receivedAt().toString());
            value.put("channel", row.channel().name());
            value.put("kind", row.kind().name());
            value.put("outcome", row.outcome().name());
            value.put("reason", row.reason() == null ? null : row.reason().name());
            value.put("clinician_id", row.clinicianId());
            value.put("contact_number", row.contactNumber());
            value.put(
                    "waitlisted_for",
                    row.waitlistedFor() == null ? null : row.waitlistedFor().toString());
            value.put("signposts", row.signposts());
            value.put("recorded_by", row.recordedBy());
            value.put("filled", row.filled());
            value.put(
                    "form_claim",
                    row.formClaim() == null ? null : row.formClaim().toString());
            values.add(value);
        }
        List<Long> ids = jdbc.sql("""
                        with r as (
                            select * from jsonb_to_recordset(cast(:rows as jsonb)) as r(n integer,
                                received_at timestamptz, channel text, kind text, outcome text, reason text,
                                clinician_id bigint, contact_number integer, waitlisted_for date, signposts text[],
                                recorded_by text, filled boolean, form_claim uuid)
                        ), b as (
                            select clinician_id, count(*)::integer as contacts from r where clinician_id is not null
                            group by clinician_id
                        ), changed as (
                            update capacity.practice_day
                            set changes = changes + 1, nhs111_booked = nhs111_booked + :nhs111
                            where ods_code = :ods and day = :day and changes = :seen
                              and not exists (select 1 from capacity.clinician_day d join b using (clinician_id)
                                              where d.day = :day and cast(:capLimit as integer) is not null
                                                and d.used + b.contacts
                                                    > capacity.cap_held_to(d.cap, cast(:capLimit as integer)))
                            returning day
                        ), counted as (
                            update capacity.clinician_day d set used = d.used + b.contacts
                            from b
                            where d.clinician_id = b.clinician_id and d.day = (select day from changed)
                        )
                        insert into capacity.contact_request (ods_code, day, received_at, channel, kind, outcome,
                            reason, clinician_id, contact_number, waitlisted_for, signposts, recorded_by, filled,
                            form_claim)
                        select :ods, :day, r.received_at, r.channel, r.kind, r.outcome, r.reason, r.clinician_id,
                            r.contact_number, r.waitlisted_for, coalesce(r.signposts, '{}'), r.recorded_by,
                            coalesce(r.filled, false), r.form_claim
                        from r
                        where exists (select 1 from changed)
                        order by r.n
                        returning id
                        """)
                .param("rows", json.writeValueAsString(values))
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .param("seen", changesSeen)
                .param("capLimit", capLimit)
                .param("nhs111", nhs111Booked)
                .query(Long.class)
                .list();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        if (ids.size() != rows.size()) {
            throw new IllegalStateException("Recorded " + ids.size() + " of " + rows.size() + " requests");
        }
        return Optional.of(ids);
    }
}
