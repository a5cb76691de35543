package org.gpaction.actions.practice;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.common.TypedText;
import org.gpaction.practices.Practice;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a practice tells its patients on the printed notice: where to go when it is full, in its own words. These
 * are the practice's settings only; nothing about any patient is asked for or kept.
 */
@Service
class PatientNotices {

    static final int MAX_URGENT_CARE = 1000;
    static final int MAX_MESSAGE = 1000;

    public record Settings(String urgentCare, String message) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    PatientNotices(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Optional<Settings> settings(Practice practice) {
        return jdbc.sql("select urgent_care, message from actions.practice_settings where ods_code = :ods")
                .param("ods", practice.odsCode())
                .query((rs, row) -> new Settings(rs.getString("urgent_care"), rs.getString("message")))
                .optional();
    }

    @Transactional
    Settings save(Practice practice, String urgentCare, String message, StaffPrincipal by) {
        PracticeActions.Problems problems = new PracticeActions.Problems();
        String places = clean(urgentCare);
        String words = clean(message);
        if (TypedText.hasControlCharactersBesideLineBreaks(urgentCare)) {
            problems.add("urgentCare", "Local urgent care must not contain control characters");
        } else if (places.isEmpty()) {
            problems.add(
                    "urgentCare",
                    "Enter where patients should go when the practice is full, like your local urgent treatment "
                            + "centre and its address");
        } else if (places.length() > MAX_URGENT_CARE) {
            problems.add("urgentCare", "Local urgent care must be " + MAX_URGENT_CARE + " characters or fewer");
        }
        if (TypedText.hasControlCharactersBesideLineBreaks(message)) {
            problems.add("message", "The message must not contain control characters");
        } else if (words.length() > MAX_MESSAGE) {
            problems.add("message", "The message must be " + MAX_MESSAGE + " characters or fewer");
        }
        problems.throwIfAny();
        jdbc.sql("""
                        insert into actions.practice_settings (ods_code, urgent_care, message, updated_at, updated_by)
                        values (:ods, :urgentCare, :message, :at, :by)
                        on conflict (ods_code) do update set urgent_care = excluded.urgent_care,
                            message = excluded.message, updated_at = excluded.updated_at,
                            updated_by = excluded.updated_by
                        """)
                .param("ods", practice.odsCode())
                .param("urgentCare", places)
                .param("message", words)
                .param("at", Timestamp.from(clock.instant()))
                .param("by", by.email())
                .update();
        return new Settings(places, words);
    }

    /** Spaces, tabs and line breaks around trimmed; anything else not text is refused, as typed, before this. */
    private static String clean(String value) {
        return value == null ? "" : value.strip().replace("\r\n", "\n");
    }
}
