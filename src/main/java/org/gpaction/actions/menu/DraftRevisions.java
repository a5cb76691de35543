package org.gpaction.actions.menu;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.gpaction.common.UkTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which state of the draft a page was opened on: every change to the draft takes a new revision, and each page that
 * changes the draft carries the revision it showed, so a page opened before another administrator's change saves
 * nothing over it (the capacity set-up and event pages work the same way).
 */
@Component
class DraftRevisions {

    /** Why a page's revision is refused: the draft changed since, the page did not say, or it named one never made. */
    private enum Refused {
        CHANGED,
        UNSAID,
        NEVER_MADE
    }

    /**
     * The draft was changed after the page was opened, or the page did not say when it was opened, or it named a
     * revision the draft never had (mangled or forged: refused for what it sent, not for the state of the draft);
     * nothing saved.
     */
    static final class ChangedMeanwhile extends RuntimeException {
        private final String revision;
        private final Instant at;
        private final String by;
        private final Refused refused;

        private ChangedMeanwhile(String message, long revision, Instant at, String by, Refused refused) {
            super(message, null, false, false);
            this.revision = String.valueOf(revision);
            this.at = at;
            this.by = by;
            this.refused = refused;
        }

        /** 400 for a revision never made, which the page sent wrong; 409 for the draft as it stands. */
        int status() {
            return refused == Refused.NEVER_MADE ? 400 : 409;
        }

        /** The draft's revision now, which a form shown again carries: saved from there, it overwrites the change. */
        String revision() {
            return revision;
        }

        /**
         * What an administrator whose typing is shown again is told: when and by whom the draft was last changed, and
         * that saving what they typed again overwrites that change.
         */
        String overwriting() {
            String what = switch (refused) {
                case UNSAID ->
                    "This page did not say which version of the draft it changes, so nothing was saved. The"
                            + " draft was last changed " + UkTime.onOrAt(at) + " (UK time) by " + by;
                case NEVER_MADE ->
                    NEVER_MADE_WORDS + ", so nothing was saved. The draft was last changed " + UkTime.onOrAt(at)
                            + " (UK time) by " + by;
                case CHANGED ->
                    "The draft was changed " + UkTime.onOrAt(at) + " (UK time) by " + by
                            + " after you opened this page, so nothing was saved";
            };
            return what + ". What you typed is below: check it, as saving it again will overwrite any change made to"
                    + " this action since you opened the page";
        }
    }

    private static final String NEVER_MADE_WORDS = "This page named a version of the draft there has never been";

    private record Revision(long revision, Instant at, String by) {}

    private final JdbcClient jdbc;

    DraftRevisions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The draft's revision as a page carries it, empty with no draft. A page reads it before the draft, so a change
     * between the two makes the page older than it looks, never newer.
     */
    Optional<String> current() {
        return jdbc.sql("select revision from actions.menu_version where status = 'DRAFT'")
                .query(Long.class)
                .optional()
                .map(String::valueOf);
    }

    /** Refuses a page opened on another revision than the draft's; the caller holds the draft's row locked. */
    void check(int version, String opened) {
        Revision now = jdbc.sql("""
                        select revision, coalesce(changed_at, created_at) as at, coalesce(changed_by, created_by) as by
                        from actions.menu_version where version = :version
                        """)
                .param("version", version)
                .query((rs, row) -> new Revision(
                        rs.getLong("revision"), rs.getTimestamp("at").toInstant(), rs.getString("by")))
                .single();
        if (opened == null || opened.isBlank()) {
            throw new ChangedMeanwhile(
                    "This page did not say which version of the draft it changes, so nothing was saved: check the"
                            + " draft as it is now and save again",
                    now.revision(),
                    now.at(),
                    now.by(),
                    Refused.UNSAID);
        }
        Long revision = number(opened);
        if (revision == null || revision <= 0 || revision > lastMade()) {
            throw new ChangedMeanwhile(
                    NEVER_MADE_WORDS + ", so nothing was changed: check the draft as it is now and try again",
                    now.revision(),
                    now.at(),
                    now.by(),
                    Refused.NEVER_MADE);
        }
        if (revision != now.revision()) {
            throw new ChangedMeanwhile(
                    "The draft was changed " + UkTime.onOrAt(now.at()) + " (UK time) by " + now.by()
                            + " after you opened this page: check it and save again (your changes were not saved)",
                    now.revision(),
                    now.at(),
                    now.by(),
                    Refused.CHANGED);
        }
    }

    /** The last revision the sequence gave any draft: a page naming a later one names one never made. */
    private long lastMade() {
        return jdbc.sql("select case when is_called then last_value else 0 end from actions.menu_draft_revision")
                .query(Long.class)
                .single();
    }

    /** A change to the draft: pages opened before it no longer save. */
    void changed(int version, String by, Instant at) {
        jdbc.sql("""
                        update actions.menu_version
                        set revision = nextval('actions.menu_draft_revision'), changed_at = :at, changed_by = :by
                        where version = :version
                        """)
                .param("version", version)
                .param("at", Timestamp.from(at))
                .param("by", by)
                .update();
    }

    private static Long number(String text) {
        try {
            return Long.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
