package org.gpaction.capacity.setup;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.gpaction.common.CountWords;
import org.gpaction.common.UkTime;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The practice manager saving a practice's set-up: checked against {@link SetupRules}, its clinicians brought to the
 * list sent, and what changed written to the set-up log.
 */
@Service
class SaveSetup {

    private final JdbcClient jdbc;
    private final PracticeSetups setups;
    private final SaveClinicians clinicians;
    private final SetupLog log;
    private final SetupsInForce inForce;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    SaveSetup(
            JdbcClient jdbc,
            PracticeSetups setups,
            SaveClinicians clinicians,
            SetupLog log,
            SetupsInForce inForce,
            Clock clock,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.setups = setups;
        this.clinicians = clinicians;
        this.log = log;
        this.inForce = inForce;
        this.clock = clock;
        this.events = events;
    }

    /** The version a set-up has before its first save: the page of a practice not yet set up carries it. */
    static final long NOT_SET_UP = 0;

    /** The set-up was saved by someone else after the form being saved was opened; nothing was saved. */
    static final class ChangedSince extends RuntimeException {
        private final long version;
        private final Instant at;
        private final String by;

        ChangedSince(long version, Instant at, String by) {
            super(null, null, false, false);
            this.version = version;
            this.at = at;
            this.by = by;
        }

        /** The set-up's version now, which a form shown again carries: saved from there, it overwrites the change. */
        long version() {
            return version;
        }

        /**
         * What a manager whose typing is shown again is told: when and by whom the set-up was changed, and that saving
         * what they typed again overwrites that change.
         */
        String message() {
            return "The set-up was changed " + UkTime.onOrAt(at) + " (UK time) by " + by
                    + " after you opened this page, so nothing was saved. What you typed is below: check it, as saving"
                    + " it again will overwrite that change";
        }
    }

    private record LastSave(long version, Instant at, String by) {}

    /**
     * Saves the set-up only if it is still the version the form was opened on ({@link #NOT_SET_UP} for none yet), so
     * that a form opened before another manager's save never undoes it unseen nor retires the clinicians it added; a
     * null version saves whatever the set-up is now, as the API does. Answers the version the save made too, read in
     * its own transaction so that it is this save's even when another follows at once.
     *
     * @param numbering how its mistakes number clinicians and places
     * @param limit the {@link CapLimit} of today as the caller read it once for the whole request (the page shows it
     *     again with any mistake)
     */
    @Transactional
    PracticeSetups.Versioned save(
            String odsCode,
            SetupRequest request,
            String by,
            Long openedOn,
            SetupRules.Numbering numbering,
            CapLimit limit) {
        Instant now = clock.instant();
        boolean held = setups.hold(odsCode);
        if (!held) {
            // No row to lock yet: two first saves are put one after the other by a lock on the practice's code, so
            // the second finds the first's row and its version rather than overwriting it unseen.
            jdbc.sql("select pg_advisory_xact_lock(hashtextextended('capacity.practice_setup:' || :ods, 0))")
                    .param("ods", odsCode)
                    .query((rs, row) -> 1)
                    .single();
            held = setups.hold(odsCode);
        }
        // Read once the set-up is held, and checked against the caps and reserve a save before this one left. Read
        // before the lock, a form read at 25 and sent back while another manager lowered that cap to the limit would be
        // taken as kept at 25, and written back over the lowering. Only a save changes what find reads (the set-up's
        // settings and its clinicians), under this lock, so it is still the set-up before this save when the change is
        // logged; routing counts day cap changes on the same row, in a column find does not read.
        Optional<PracticeSetup> before = held ? setups.find(odsCode) : Optional.empty();
        SetupRules.Checked checked = SetupRules.check(request, numbering, limit, SetupRules.Saved.of(before));
        if (openedOn != null) {
            Optional<LastSave> last = jdbc.sql(
                            "select version, updated_at, updated_by from capacity.practice_setup where ods_code = :ods")
                    .param("ods", odsCode)
                    .query((rs, row) -> new LastSave(
                            rs.getLong("version"),
                            rs.getTimestamp("updated_at").toInstant(),
                            rs.getString("updated_by")))
                    .optional();
            long current = last.map(LastSave::version).orElse(NOT_SET_UP);
            if (current != openedOn) {
                throw new ChangedSince(
                        current,
                        last.map(LastSave::at).orElse(now),
                        last.map(LastSave::by).orElse("someone"));
            }
        }
        // Today's lock before anything of today is read or changed, the set-up's urgent reserve included: the room the
        // day had before this save is read under it, so no booking falls between it and the change. Today is worked
        // out again once the lock is held: a save that waited for it across midnight holds a day that has ended, and
        // takes the new day's lock to change that one (the ended day keeps only a counted change, which makes a
        // booking decided on it look again).
        SaveClinicians.HeldDay day;
        do {
            day = clinicians.holdToday(odsCode, PracticeCalendar.dayOf(now));
            now = clock.instant();
        } while (!PracticeCalendar.dayOf(now).equals(day.day()));
        LocalDate today = day.day();
        boolean hadRoutineRoom = held && setups.hasRoutineRoom(odsCode, today, day.opened());
        boolean frontDoorChoiceChanged = before.map(b -> b.whenFull() != checked.whenFull()
                        || !Objects.equals(b.icbAgreedClosureOn(), checked.icbAgreedClosureOn()))
                .orElse(true);
        jdbc.sql("""
                        insert into capacity.practice_setup (ods_code, count_admin, urgent_reserve, when_full,
                            icb_agreed_closure_on, online_consultation_url, core_hours, signposts, when_full_chosen_by,
                            when_full_chosen_at, updated_by, updated_at)
                        values (:ods, :countAdmin, :reserve, :whenFull, :icbAgreed, :url, cast(:coreHours as jsonb),
                            cast(:signposts as jsonb), :by, :now, :by, :now)
                        on conflict (ods_code) do update set
                            count_admin = excluded.count_admin, urgent_reserve = excluded.urgent_reserve,
                            when_full = excluded.when_full, icb_agreed_closure_on = excluded.icb_agreed_closure_on,
                            online_consultation_url = excluded.online_consultation_url,
                            core_hours = excluded.core_hours, signposts = excluded.signposts,
                            when_full_chosen_by = case when :choiceChanged then excluded.when_full_chosen_by
                                                       else practice_setup.when_full_chosen_by end,
                            when_full_chosen_at = case when :choiceChanged then excluded.when_full_chosen_at
                                                       else practice_setup.when_full_chosen_at end,
                            updated_by = excluded.updated_by, updated_at = excluded.updated_at,
                            version = nextval('capacity.practice_setup_version')
                        """)
                .param("ods", odsCode)
                .param("countAdmin", checked.countAdmin())
                .param("reserve", checked.urgentReserve())
                .param("whenFull", checked.whenFull().name())
                .param(
                        "icbAgreed",
                        checked.icbAgreedClosureOn() == null ? null : Date.valueOf(checked.icbAgreedClosureOn()))
                .param("url", checked.onlineConsultationUrl())
                .param("coreHours", SetupJson.text(checked.coreHours()))
                .param("signposts", SetupJson.text(checked.signposts()))
                .param("by", by)
                .param("now", Timestamp.from(now))
                .param("choiceChanged", frontDoorChoiceChanged)
                .update();
        inForce.saved(odsCode, now, checked.whenFull(), checked.coreHours());
        clinicians.save(day, checked.clinicians(), now);
        events.publishEvent(new SetupSaved(odsCode, today, hadRoutineRoom));
        PracticeSetups.Versioned saved = setups.findVersioned(odsCode).orElseThrow();
        PracticeSetup after = saved.setup();
        log.add(
                odsCode,
                by,
                now,
                before.map(b -> "Set-up saved: " + SetupChanges.between(b, after))
                        .orElse("Set-up saved: "
                                + CountWords.of(checked.clinicians().size(), "clinician", "clinicians")
                                + ", urgent reserve "
                                + checked.urgentReserve() + ", admin requests "
                                + (checked.countAdmin() ? "counted" : "not counted")));
        if (frontDoorChoiceChanged) {
            log.add(
                    odsCode,
                    by,
                    now,
                    "When full, the online front door "
                            + (checked.whenFull() == WhenFull.CLOSE
                                    ? "closes"
                                            + (checked.icbAgreedClosureOn() == null
                                                    ? ""
                                                    : " (ICB agreed on " + checked.icbAgreedClosureOn() + ")")
                                    : "stays open and signposts, taking routine requests onto the waiting list of the next working day with room"));
        }
        return saved;
    }

    /**
     * The set-up as saved now, which a set-up sent but not saved (a form refused for mistakes of its own) is checked
     * against: a save reads it itself, holding the set-up.
     */
    SetupRules.Saved saved(String odsCode) {
        return SetupRules.Saved.of(setups.find(odsCode));
    }
}
