package org.gpaction.ballots.roll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.SpreadsheetCsv;
import org.gpaction.membership.MemberIdentities;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The scrutineer's marked register: everyone on a ballot's roll, the links they were sent and whether they voted.
 * Never how: nothing kept about a member says which way they voted. Written as it is read, a page of members at a
 * time, so a national roll is never held in memory; each page's names are looked up (and the looking recorded in
 * the members' audit log) as it is written.
 */
@Service
class MarkedRegister {

    static final List<String> HEADER = List.of(
            "membership_number",
            "name",
            "practice_ods",
            "practice_name",
            "first_link_sent",
            "replacement_links",
            "reminders",
            "last_link_sent",
            "voted");

    private static final int PAGE = 1_000;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(UkTime.ZONE);

    private record Row(
            String membershipNumber,
            String practiceOds,
            Instant firstLink,
            long replacements,
            long reminders,
            Instant lastLink,
            boolean voted) {}

    private final NamedParameterJdbcTemplate jdbc;
    private final MemberIdentities identities;
    private final Practices practices;
    private final TransactionTemplate reading;

    MarkedRegister(
            DataSource dataSource,
            MemberIdentities identities,
            Practices practices,
            PlatformTransactionManager transactions) {
        JdbcTemplate cursor = new JdbcTemplate(dataSource);
        // PostgreSQL sends rows a page at a time only when asked for a fetch size, inside a transaction.
        cursor.setFetchSize(PAGE);
        this.jdbc = new NamedParameterJdbcTemplate(cursor);
        this.identities = identities;
        this.practices = practices;
        this.reading = new TransactionTemplate(transactions);
        this.reading.setReadOnly(true);
    }

    /** Writes the register as CSV, one row per member on the roll in membership-number order; returns the rows. */
    long write(Ballot ballot, Writer out, String actor) {
        String why = "Marked register of the ballot \"" + ballot.title() + "\"";
        long[] written = {0};
        List<Row> page = new ArrayList<>(PAGE);
        try {
            out.write(SpreadsheetCsv.BYTE_ORDER_MARK);
            out.write(SpreadsheetCsv.line(HEADER));
            reading.executeWithoutResult(status ->
                    jdbc.query("""
                    with links as (
                        select membership_number, min(issued_at) as first_link, max(issued_at) as last_link,
                               count(*) - 1 as replacements
                        from ballots.credential
                        where ballot_id = :ballot and (token_hash is not null or state = 'ACTIVE')
                        group by membership_number
                    ), reminded as (
                        select s.membership_number, count(*) as reminders, max(d.started_at) as last_reminder
                        from ballots.reminder_sent s join ballots.reminder_round d on d.id = s.round_id
                        where d.ballot_id = :ballot group by s.membership_number
                    )
                    select r.membership_number, r.practice_ods, l.first_link, coalesce(l.replacements, 0),
                           coalesce(m.reminders, 0), greatest(l.last_link, m.last_reminder), r.has_voted
                    from ballots.roll_entry r
                    left join links l on l.membership_number = r.membership_number
                    left join reminded m on m.membership_number = r.membership_number
                    where r.ballot_id = :ballot
                    order by r.membership_number
                    """, new MapSqlParameterSource("ballot", ballot.id()), (RowCallbackHandler) rs -> {
                        page.add(row(rs));
                        if (page.size() == PAGE) {
                            written[0] += flush(page, out, actor, why);
                        }
                    }));
            written[0] += flush(page, out, actor, why);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written[0];
    }

    private long flush(List<Row> page, Writer out, String actor, String why) {
        if (page.isEmpty()) {
            return 0;
        }
        Map<String, String> names = identities.namesViewedBy(
                page.stream().map(Row::membershipNumber).toList(), actor, why);
        Map<String, Practice> known = practices.findAll(
                page.stream().map(Row::practiceOds).filter(Objects::nonNull).collect(Collectors.toSet()));
        try {
            for (Row row : page) {
                Practice practice = row.practiceOds() == null ? null : known.get(row.practiceOds());
                out.write(SpreadsheetCsv.line(Arrays.asList(
                        row.membershipNumber(),
                        names.get(row.membershipNumber()),
                        row.practiceOds(),
                        practice == null ? null : practice.name(),
                        row.firstLink() == null ? null : TIME.format(row.firstLink()),
                        row.replacements(),
                        row.reminders(),
                        row.lastLink() == null ? null : TIME.format(row.lastLink()),
                        row.voted() ? "yes" : "no")));
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int size = page.size();
        page.clear();
        return size;
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(
                rs.getString(1),
                rs.getString(2),
                instant(rs.getTimestamp(3)),
                rs.getLong(4),
                rs.getLong(5),
                instant(rs.getTimestamp(6)),
                rs.getBoolean(7));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
