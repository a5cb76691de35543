package org.gpaction.ballots.ballot;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The scrutineer's record of a ballot, oldest first, as staff read it: each step in words, naming members by their
 * membership number and staff by their email address, never by a database id.
 */
@Service
class BallotLog {

    record Entry(Instant at, String actor, String action, String detail) {}

    private static final Map<String, String> ACTIONS = Map.ofEntries(
            Map.entry("CREATED", "Created"),
            Map.entry("SCHEDULED", "Scheduled"),
            Map.entry("OPENED", "Voting opened"),
            Map.entry("NOT_OPENED", "Not opened: no trustee's key"),
            Map.entry("NOT_OPENED_CLOSED", "Not opened: its closing time had passed"),
            Map.entry("RETURNED_TO_DRAFT", "Returned to draft: a trustee's key exposed"),
            Map.entry("TRUSTEE_KEY_EXPOSED", "Trustee's key exposed: votes encrypted to it"),
            Map.entry("ROLL_FROZEN", "Roll frozen"),
            Map.entry("ROLL_CORRECTED", "Roll corrected"),
            Map.entry("ENROLLED", "Added to the roll"),
            Map.entry("ROLL_CHECK_CONFIRMED", "Declared role confirmed: added to the roll"),
            Map.entry("ROLL_CHECK_REFUSED", "Declared role refused: no link"),
            Map.entry("REMINDER_SENT", "Reminder sent"),
            Map.entry("REMINDER_SKIPPED", "Scheduled reminder skipped"),
            Map.entry("REMINDERS_HELD_BACK", "Reminders held back: address set by someone else since the first link"),
            Map.entry("REPLACEMENT_ISSUED", "Replacement link sent"),
            Map.entry("REPLACEMENT_QUEUED", "Replacement request waiting for a check"),
            Map.entry(
                    "REPLACEMENT_NOT_KEPT",
                    "Replacement address not kept: the request had gained as many addresses as it may for now"),
            Map.entry("REPLACEMENT_DECLINED", "Replacement request declined"),
            Map.entry("REPLACEMENT_REFUSED", "Replacement refused: already voted"),
            Map.entry("EMAIL_CORRECTED", "Ballot email address corrected"),
            Map.entry("CLOSED", "Voting closed"),
            Map.entry("CERTIFIED", "Report certified"),
            Map.entry("PUBLISHED", "Result published"));

    /** Reminders were once logged under their round's key, which for one sent by hand held a random id. */
    private static final Pattern MANUAL_ROUND = Pattern.compile("Reminder manual-[0-9a-fA-F-]{36} sent");

    private static final Pattern SCHEDULED_ROUND = Pattern.compile("Reminder scheduled-(\\d+)d sent");

    private final JdbcClient jdbc;

    BallotLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    List<Entry> entries(long ballotId) {
        return jdbc.sql("""
                        select at, actor, action, detail from ballots.ballot_log
                        where ballot_id = :ballot order by at, id
                        """)
                .param("ballot", ballotId)
                .query((rs, row) -> new Entry(
                        rs.getTimestamp(1).toInstant(),
                        rs.getString(2),
                        action(rs.getString(3)),
                        detail(rs.getString(4))))
                .list();
    }

    static String action(String code) {
        String known = ACTIONS.get(code);
        if (known != null) {
            return known;
        }
        String words = code.replace('_', ' ').toLowerCase(Locale.ROOT);
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    static String detail(String detail) {
        String manual = MANUAL_ROUND.matcher(detail).replaceAll("Reminder sent by hand");
        return SCHEDULED_ROUND
                .matcher(manual)
                .replaceAll(round -> "Scheduled reminder (" + round.group(1)
                        + ("1".equals(round.group(1)) ? " day" : " days") + " before the close) sent");
    }
}
