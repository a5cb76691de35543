package org.gpaction.capacity.routing;

/**
 * When a practice was full, as its recorded requests show: the spans the closing front door was shut for, which the
 * evidence counts as minutes closed and the fold into daily counts keeps (capacity V7).
 *
 * <p>A span starts at the booking that left no routine room with action 1 in force ({@code filled}, see
 * {@link Router#fills}), at a change to the day's caps that left none ({@code day_filled}, see {@link DayFills}), or at
 * a request turned away for being full (signposted as full, or put on the waiting list) where neither came first: the
 * routine room was gone by then. It ends at the next routine request booked (or
 * admin request counted against a clinician's cap) that left room, even one undone later, which could be booked only
 * with routine room again (an undo, a cap raised, a clinician added); with none after it, at the end of the day. What
 * is recorded cannot tell exactly when room came back, so a span can run on past it until that booking. Requests
 * recorded before bookings were marked {@code filled} (capacity V14) start a span at the first turn-away.
 */
public final class FullSpans {

    private FullSpans() {}

    /**
     * A query of the spans in {@code requests}, a relation with {@code contact_request}'s columns (a table or a
     * common table expression, whole days of it), and {@code filled}, one with {@code day_filled}'s columns for the
     * same days: {@code ods_code, day, closed_from, reopened_at}, the last null when nothing reopened it that day, each
     * to the minute (all the figure needs, and all that is kept of a day once its requests are folded into counts). A
     * request turned away and then undone counts for nothing, as does an urgent booking that filled the practice and
     * was undone; a routine booking undone still shows there was room when it was made.
     */
    public static String in(String requests, String filled) {
        return """
                select ods_code, day, date_trunc('minute', at) as closed_from,
                       date_trunc('minute', reopened_at) as reopened_at
                from (
                    select ods_code, day, at, full_now,
                           lead(at) over (partition by ods_code, day order by at, id) as reopened_at
                    from (
                        select ods_code, day, at, id, full_now,
                               lag(full_now) over (partition by ods_code, day order by at, id) as full_before
                        from (
                            select ods_code, day, received_at as at, id,
                                   outcome <> 'BOOKED' or (filled and undone_at is null) as full_now
                            from %1$s
                            where (undone_at is null and (reason = 'FULL' or outcome = 'WAITLISTED' or filled))
                               or (outcome = 'BOOKED' and kind = 'ROUTINE')
                               or (outcome = 'BOOKED' and kind = 'ADMIN' and clinician_id is not null)
                            union all
                            select ods_code, day, filled_at, id, true from %2$s
                        ) told
                    ) changes
                    where full_before is distinct from full_now
                ) spans
                where full_now
                """.formatted(requests, filled);
    }
}
