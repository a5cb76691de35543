package org.gpaction.ballots.roll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.SpreadsheetCsv;
import org.gpaction.membership.MemberIdentities;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The scrutineer's marked register: everyone on a ballot's roll, the links they were sent and whether they voted.
 * Never how: nothing kept about a member says which way they voted. Written as it is read, a page of members at a
 * time, each page read in a statement of its own after the last member written, so a national roll is never held in
 * memory and a slow download holds no database connection or transaction while it is sent; each page's names are
 * looked up (and the looking recorded in the members' audit log) as it is written.
 *
 * <p>While the ballot is open the register changes as it is read: each row is as it stood when its page was read,
 * and a member added to the roll meanwhile is listed if their membership number comes after the last one written.
 * Nobody is listed twice or left out, since entries are read in membership-number order (the roll's key), and a
 * roll entry, once made, goes only when the retention period deletes the whole roll: a download that meets that
 * breaks off rather than end as if whole.
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

    static final int PAGE = 1_000;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(UkTime.ZONE);

    /**
     * One page of the register: the page's roll entries first, so the links and reminders counted are only theirs.
     * No index finds a member's ended links, so each page scans the credentials once (a national roll's register, a
     * few hundred scans, takes seconds rather than the one scan a single read took).
     */
    private static final String PAGE_OF_ROWS = """
            with page as (
                select membership_number, practice_ods, has_voted from ballots.roll_entry
                where ballot_id = :ballot and (cast(:after as text) is null or membership_number > :after)
                order by membership_number limit :rows
            ), links as (
                select c.membership_number, min(c.issued_at) as first_link, max(c.issued_at) as last_link,
                       count(*) - 1 as replacements
                from ballots.credential c join page p on p.membership_number = c.membership_number
                where c.ballot_id = :ballot and (c.token_hash is not null or c.state = 'ACTIVE')
                group by c.membership_number
            ), reminded as (
                select s.membership_number, count(*) as reminders, max(d.started_at) as last_reminder
                from ballots.reminder_sent s join ballots.reminder_round d on d.id = s.round_id
                     join page p on p.membership_number = s.membership_number
                where d.ballot_id = :ballot group by s.membership_number
            )
            select r.membership_number, r.practice_ods, l.first_link, coalesce(l.replacements, 0),
                   coalesce(m.reminders, 0), greatest(l.last_link, m.last_reminder), r.has_voted
            from page r
            left join links l on l.membership_number = r.membership_number
            left join reminded m on m.membership_number = r.membership_number
            order by r.membership_number
            """;

    private record Row(
            String membershipNumber,
            String practiceOds,
            Instant firstLink,
            long replacements,
            long reminders,
            Instant lastLink,
            boolean voted) {}

    private final JdbcClient jdbc;
    private final MemberIdentities identities;
    private final Practices practices;

    MarkedRegister(JdbcClient jdbc, MemberIdentities identities, Practices practices) {
        this.jdbc = jdbc;
        this.identities = identities;
        this.practices = practices;
    }

    /** Writes the register as CSV, one row per member on the roll in membership-number order; returns the rows. */
    long write(Ballot ballot, Writer out, String actor) {
        return write(ballot, out, actor, PAGE);
    }

    long write(Ballot ballot, Writer out, String actor, int rowsAtATime) {
        String why = "Marked register of the ballot \"" + ballot.title() + "\"";
        long written = 0;
        try {
            out.write(SpreadsheetCsv.BYTE_ORDER_MARK);
            out.write(SpreadsheetCsv.line(HEADER));
            String after = null;
            List<Row> page;
            do {
                page = jdbc.sql(PAGE_OF_ROWS)
                        .param("ballot", ballot.id())
                        .param("after", after)
                        .param("rows", rowsAtATime)
                        .query(MarkedRegister::row)
                        .list();
                written += write(page, out, actor, why);
                after = page.isEmpty() ? after : page.get(page.size() - 1).membershipNumber();
            } while (page.size() == rowsAtATime);
            if (forgotten(ballot.id())) {
                throw new IllegalStateException("The voters of ballot " + ballot.id()
                        + " were deleted at the end of the retention period while its marked register was being"
                        + " downloaded: the download is broken off so it is not taken as whole");
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }

    private boolean forgotten(long ballotId) {
        return jdbc.sql("select voters_forgotten_at is not null from ballots.ballot where id = :id")
                .param("id", ballotId)
                .query(Boolean.class)
                .single();
    }

    private long write(List<Row> page, Writer out, String actor, String why) {
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
        return page.size();
    }

    private static Row row(ResultSet rs, int number) throws SQLException {
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
