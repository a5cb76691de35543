package org.gpaction.capacity.routing;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Adds requests older than the period kept into the counts the evidence reads (capacity V5) and deletes them, both in
 * one transaction, so an old month's figures stay exactly as they were while each request's own detail goes. A request
 * is in the requests or in the counts, never both, so running again, or after a crash, counts nothing twice.
 */
@Component
class RequestCounts {

    private static final Logger log = LoggerFactory.getLogger(RequestCounts.class);

    /**
     * Requests taken per transaction, with every other request of their practices' days (a day's spans full are
     * worked out from all of it), so a first run over years of them never holds one huge transaction.
     */
    static final int BATCH = 10_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final CapacityProperties properties;
    private final Clock clock;

    RequestCounts(
            JdbcClient jdbc, PlatformTransactionManager transactions, CapacityProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.properties = properties;
        this.clock = clock;
    }

    /** @return how many requests were added into the counts and deleted */
    @Scheduled(fixedDelayString = "PT6H", initialDelayString = "PT15M")
    public int foldInOldRequests() {
        LocalDate keepFrom = PracticeCalendar.dayOf(clock.instant()).minus(properties.keepRequestsFor());
        int folded = 0;
        int moved;
        do {
            moved = transaction.execute(status -> foldInBatch(keepFrom));
            folded += moved;
        } while (moved >= BATCH);
        if (folded > 0) {
            log.info(
                    "Added {} safe working requests from before {} into daily counts and deleted them",
                    folded,
                    keepFrom);
        }
        return folded;
    }

    private int foldInBatch(LocalDate keepFrom) {
        // One instance at a time, by an advisory lock, rather than batches claimed with SKIP LOCKED: two batches share
        // practices' days, so two instances would update the same count rows in different orders and could deadlock.
        // An instance that does not get the lock stops; the one that has it carries on until nothing is left.
        boolean ours = jdbc.sql("select pg_try_advisory_xact_lock(hashtext('capacity.request-counts'))")
                .query(Boolean.class)
                .single();
        if (!ours) {
            return 0;
        }
        // The moments a change to a day's caps filled it go with the day's requests, and a day they made full with no
        // request recorded goes on its own.
        return jdbc.sql("""
                        with batch as (
                            select id from capacity.contact_request where day < :keepFrom order by id limit :batch
                        ), whole_days as (
                            select r.ods_code, r.day from capacity.contact_request r join batch using (id)
                            union
                            select ods_code, day from capacity.day_filled where day < :keepFrom
                        ), gone as (
                            delete from capacity.contact_request r using whole_days d
                            where r.ods_code = d.ods_code and r.day = d.day returning r.*
                        ), gone_filled as (
                            delete from capacity.day_filled f using whole_days d
                            where f.ods_code = d.ods_code and f.day = d.day returning f.*
                        ), spans as (
                            select ods_code, day, range_agg(tstzrange(closed_from, reopened_at)) as full_spans
                            from (%s) s
                            group by ods_code, day
                        ), days as (
                            insert into capacity.request_day (ods_code, day, first_full_at, full_spans,
                                served_from_waiting_list)
                            select d.ods_code, d.day, least(g.first_full_at, f.first_filled_at), s.full_spans,
                                   coalesce(g.served, 0)
                            from whole_days d
                            left join (
                                select ods_code, day,
                                       min(received_at) filter (where undone_at is null
                                                                  and (reason = 'FULL' or outcome = 'WAITLISTED'
                                                                       or filled))
                                           as first_full_at,
                                       count(*) filter (where undone_at is null and from_waiting_list) as served
                                from gone group by ods_code, day
                            ) g using (ods_code, day)
                            left join (
                                select ods_code, day, min(filled_at) as first_filled_at from gone_filled
                                group by ods_code, day
                            ) f using (ods_code, day)
                            left join spans s using (ods_code, day)
                            on conflict (ods_code, day) do update
                                set first_full_at = least(request_day.first_full_at, excluded.first_full_at),
                                    full_spans = coalesce(request_day.full_spans + excluded.full_spans,
                                                          request_day.full_spans, excluded.full_spans),
                                    served_from_waiting_list = request_day.served_from_waiting_list
                                                               + excluded.served_from_waiting_list
                        ), counts as (
                            -- Bookings from the waiting list are no new demand: request_day counts them instead.
                            insert into capacity.request_count (ods_code, day, hour, channel, kind, outcome, reason,
                                first_signpost, requests, without_clinician)
                            select ods_code, day, extract(hour from received_at at time zone 'Europe/London')::int,
                                   channel, kind, outcome, reason, signposts[1], count(*),
                                   count(*) filter (where outcome = 'BOOKED' and clinician_id is null)
                            from gone where undone_at is null and not from_waiting_list
                            group by 1, 2, 3, 4, 5, 6, 7, 8
                            on conflict on constraint request_count_key do update
                                set requests = request_count.requests + excluded.requests,
                                    without_clinician = request_count.without_clinician
                                                        + excluded.without_clinician
                        )
                        select count(*)::int from gone
                        """.formatted(FullSpans.in("gone", "gone_filled")))
                .param("keepFrom", Date.valueOf(keepFrom))
                .param("batch", BATCH)
                .query(Integer.class)
                .single();
    }
}
