package org.gpaction.actions.practice;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The periods, timeline and subscriptions of practices' actions; the menu reads from it who takes an action and who is
 * emailed about a practice's actions.
 */
@Repository
public class PracticeActionRepository {

    private final JdbcClient jdbc;

    PracticeActionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Serialises changes to one practice's actions until the transaction ends, across every instance. */
    void lock(String odsCode) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('actions.practice:' || :ods, 0))")
                .param("ods", odsCode)
                .query((rs, row) -> 1)
                .single();
    }

    List<ActionPeriod> periods(String odsCode) {
        return jdbc.sql("""
                        select id, ods_code, action_number, from_on, to_on, ended_how from actions.action_period
                        where ods_code = :ods order by from_on desc, action_number
                        """)
                .param("ods", odsCode)
                .query(PracticeActionRepository::period)
                .list();
    }

    List<ActionPeriod> periods(String odsCode, int actionNumber) {
        return jdbc.sql("""
                        select id, ods_code, action_number, from_on, to_on, ended_how from actions.action_period
                        where ods_code = :ods and action_number = :number order by from_on
                        """)
                .param("ods", odsCode)
                .param("number", actionNumber)
                .query(PracticeActionRepository::period)
                .list();
    }

    /**
     * Which of these actions each of these practices takes: in force on {@code today}, or planned from a later day (a
     * period not yet ended, and not one withdrawn before its first day, which ends on the day it was to start).
     */
    public Map<String, Set<Integer>> taking(
            Collection<String> practices, Collection<Integer> actions, LocalDate today) {
        Map<String, Set<Integer>> taking = new HashMap<>();
        jdbc.sql("""
                        select distinct ods_code, action_number from actions.action_period
                        where ods_code = any(:practices) and action_number = any(:actions)
                          and (to_on is null or to_on > greatest(from_on, :today))
                        """)
                .param("practices", practices.toArray(String[]::new))
                .param("actions", actions.toArray(Integer[]::new))
                .param("today", Date.valueOf(today))
                .query((rs, row) -> taking.computeIfAbsent(rs.getString("ods_code"), ods -> new TreeSet<>())
                        .add(rs.getInt("action_number")))
                .list();
        return taking;
    }

    /**
     * Which of these actions each of these practices has in force on {@code today}: begun on or before it and not yet
     * ended, as the patient notice lists them (an action only planned is not on it yet).
     */
    public Map<String, Set<Integer>> inForce(
            Collection<String> practices, Collection<Integer> actions, LocalDate today) {
        Map<String, Set<Integer>> inForce = new HashMap<>();
        jdbc.sql("""
                        select distinct ods_code, action_number from actions.action_period
                        where ods_code = any(:practices) and action_number = any(:actions)
                          and from_on <= :today and (to_on is null or to_on > :today)
                        """)
                .param("practices", practices.toArray(String[]::new))
                .param("actions", actions.toArray(Integer[]::new))
                .param("today", Date.valueOf(today))
                .query((rs, row) -> inForce.computeIfAbsent(rs.getString("ods_code"), ods -> new TreeSet<>())
                        .add(rs.getInt("action_number")))
                .list();
        return inForce;
    }

    /** How many practices take the action: in force on {@code today} or planned from a later day, as {@link #taking}. */
    public int practicesTaking(int actionNumber, LocalDate today) {
        return jdbc.sql("""
                        select count(distinct ods_code) from actions.action_period
                        where action_number = :number and (to_on is null or to_on > greatest(from_on, :today))
                        """)
                .param("number", actionNumber)
                .param("today", Date.valueOf(today))
                .query(Integer.class)
                .single();
    }

    ActionPeriod start(String odsCode, int actionNumber, LocalDate from) {
        long id = jdbc.sql("""
                        insert into actions.action_period (ods_code, action_number, from_on)
                        values (:ods, :number, :from) returning id
                        """)
                .param("ods", odsCode)
                .param("number", actionNumber)
                .param("from", Date.valueOf(from))
                .query(Long.class)
                .single();
        return new ActionPeriod(id, odsCode, actionNumber, from, null, null);
    }

    ActionPeriod end(ActionPeriod period, LocalDate on, EndedHow how) {
        jdbc.sql("update actions.action_period set to_on = :on, ended_how = :how where id = :id and to_on is null")
                .param("on", Date.valueOf(on))
                .param("how", how.name())
                .param("id", period.id())
                .update();
        return new ActionPeriod(period.id(), period.odsCode(), period.actionNumber(), period.from(), on, how);
    }

    /** Ends a period on its own first day, whether it was going on or its stop was already recorded. */
    ActionPeriod withdraw(ActionPeriod planned) {
        jdbc.sql("update actions.action_period set to_on = from_on, ended_how = 'WITHDRAWN' where id = :id")
                .param("id", planned.id())
                .update();
        return new ActionPeriod(
                planned.id(),
                planned.odsCode(),
                planned.actionNumber(),
                planned.from(),
                planned.from(),
                EndedHow.WITHDRAWN);
    }

    void record(String odsCode, TimelineEvent event) {
        jdbc.sql("""
                        insert into actions.practice_event (ods_code, action_number, kind, effective_on, detail,
                            recorded_at, recorded_by)
                        values (:ods, :number, :kind, :on, :detail, :at, :by)
                        """)
                .param("ods", odsCode)
                .param("number", event.actionNumber())
                .param("kind", event.kind().name())
                .param("on", Date.valueOf(event.effectiveOn()))
                .param("detail", event.detail())
                .param("at", Timestamp.from(event.recordedAt()))
                .param("by", event.recordedBy())
                .update();
    }

    List<TimelineEvent> timeline(String odsCode) {
        return jdbc.sql("""
                        select action_number, kind, effective_on, detail, recorded_at, recorded_by
                        from actions.practice_event where ods_code = :ods
                        order by recorded_at desc, id desc
                        """)
                .param("ods", odsCode)
                .query((rs, row) -> new TimelineEvent(
                        rs.getObject("action_number", Integer.class),
                        TimelineEvent.Kind.valueOf(rs.getString("kind")),
                        rs.getDate("effective_on").toLocalDate(),
                        rs.getString("detail"),
                        rs.getTimestamp("recorded_at").toInstant(),
                        rs.getString("recorded_by")))
                .list();
    }

    void subscribe(String odsCode, String email, Instant at) {
        jdbc.sql("""
                        insert into actions.subscription (ods_code, email, subscribed_at) values (:ods, :email, :at)
                        on conflict do nothing
                        """)
                .param("ods", odsCode)
                .param("email", email)
                .param("at", Timestamp.from(at))
                .update();
    }

    void unsubscribe(String odsCode, String email) {
        jdbc.sql("delete from actions.subscription where ods_code = :ods and lower(email) = lower(:email)")
                .param("ods", odsCode)
                .param("email", email)
                .update();
    }

    /**
     * Each subscriber's address, in lower case as subscriptions are matched, with the practices whose actions they are
     * emailed about, in order of address and code.
     */
    public Map<String, List<String>> subscriptions() {
        Map<String, List<String>> practicesByEmail = new LinkedHashMap<>();
        jdbc.sql("select email, ods_code from actions.subscription order by email, ods_code")
                .query((rs, row) -> practicesByEmail
                        .computeIfAbsent(rs.getString("email").toLowerCase(Locale.ROOT), e -> new ArrayList<>())
                        .add(rs.getString("ods_code")))
                .list();
        return practicesByEmail;
    }

    /** The practices whose actions the person is emailed about. */
    List<String> subscribedTo(String email) {
        return jdbc.sql("select ods_code from actions.subscription where lower(email) = lower(:email)")
                .param("email", email)
                .query(String.class)
                .list();
    }

    /** Forgets the person's subscriptions to these practices. */
    int unsubscribeFrom(String email, List<String> practices) {
        return jdbc.sql("""
                        delete from actions.subscription
                        where lower(email) = lower(:email) and ods_code = any(:practices)
                        """)
                .param("email", email)
                .param("practices", practices.toArray(String[]::new))
                .update();
    }

    boolean isSubscribed(String odsCode, String email) {
        return jdbc.sql("""
                        select count(*) from actions.subscription where ods_code = :ods and lower(email) = lower(:email)
                        """)
                        .param("ods", odsCode)
                        .param("email", email)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    private static ActionPeriod period(ResultSet rs, int row) throws SQLException {
        Date to = rs.getDate("to_on");
        String how = rs.getString("ended_how");
        return new ActionPeriod(
                rs.getLong("id"),
                rs.getString("ods_code"),
                rs.getInt("action_number"),
                rs.getDate("from_on").toLocalDate(),
                to == null ? null : to.toLocalDate(),
                how == null ? null : EndedHow.valueOf(how));
    }
}
