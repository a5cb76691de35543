package org.gpaction.actions.menu;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.gpaction.actions.ActionMenu;
import org.gpaction.actions.ActionMenu.RetiredAction;
import org.gpaction.actions.Deferral;
import org.gpaction.actions.MenuAction;
import org.gpaction.actions.MenuVersion;
import org.gpaction.actions.practice.PracticeActionRepository;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.InvalidRequest;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Administrators change the menu by drafting a new version (a copy of the one in force), editing it, and
 * publishing it. Published versions never change, so a practice's history always reads against the menu it chose
 * from; practices that asked for emails are told what changed. Each change names the {@link DraftRevisions revision}
 * its page was opened on, and is refused if the draft has changed since.
 */
@Service
class MenuDrafts {

    private final JdbcClient jdbc;
    private final ActionMenu menu;
    private final MenuChangeEmails emails;
    private final DraftRevisions revisions;
    private final PracticeActionRepository periods;
    private final Clock clock;

    MenuDrafts(
            JdbcClient jdbc,
            ActionMenu menu,
            MenuChangeEmails emails,
            DraftRevisions revisions,
            PracticeActionRepository periods,
            Clock clock) {
        this.jdbc = jdbc;
        this.menu = menu;
        this.emails = emails;
        this.revisions = revisions;
        this.periods = periods;
        this.clock = clock;
    }

    @Transactional
    MenuVersion startDraft(String by) {
        if (menu.draft().isPresent()) {
            return menu.draft().get();
        }
        MenuVersion current = menu.current();
        int version = current.version() + 1;
        try {
            jdbc.sql("""
                            insert into actions.menu_version (version, status, created_at, created_by)
                            values (:version, 'DRAFT', :now, :by)
                            """)
                    .param("version", version)
                    .param("now", Timestamp.from(clock.instant()))
                    .param("by", by)
                    .update();
        } catch (DuplicateKeyException e) {
            throw InvalidRequest.field("draft", "Another administrator has just started a draft: open it instead");
        }
        jdbc.sql("""
                        insert into actions.menu_action (version, number, title, what, why, for_patients,
                            guidance_url, category, may_de_escalate, phase, daily_contact_limit)
                        select :version, number, title, what, why, for_patients, guidance_url, category,
                               may_de_escalate, phase, daily_contact_limit
                        from actions.menu_action where version = :current
                        """)
                .param("version", version)
                .param("current", current.version())
                .update();
        jdbc.sql("""
                        insert into actions.menu_deferral (version, number, position, subject, detail, review_on)
                        select :version, number, position, subject, detail, review_on
                        from actions.menu_deferral where version = :current
                        """)
                .param("version", version)
                .param("current", current.version())
                .update();
        return menu.draft().orElseThrow();
    }

    /** Adds the action to the draft, or replaces the draft's action with the same number when {@code replacing}. */
    @Transactional
    MenuAction save(ActionForm form, Integer replacing, String opened, String by) {
        MenuVersion draft = lockedDraft(opened);
        if (replacing != null && draft.action(replacing).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        MenuAction action = form.toAction(draft, replacing);
        DraftRules.retiredNumber(action, retired(), unusedNumber())
                .or(() -> DraftRules.numberRetiredByDraft(action, menu.current(), draft, unusedNumber()))
                .ifPresent(problem -> {
                    throw InvalidRequest.field("number", problem);
                });
        phaseRaised(action).ifPresent(problem -> {
            throw InvalidRequest.field("phase", problem);
        });
        if (replacing != null) {
            jdbc.sql("delete from actions.menu_action where version = :version and number = :number")
                    .param("version", draft.version())
                    .param("number", replacing)
                    .update();
        }
        jdbc.sql("""
                        insert into actions.menu_action (version, number, title, what, why, for_patients,
                            guidance_url, category, may_de_escalate, phase, daily_contact_limit)
                        values (:version, :number, :title, :what, :why, :forPatients, :url, :category, :deEscalate,
                                :phase, :limit)
                        """)
                .param("version", draft.version())
                .param("number", action.number())
                .param("title", action.title())
                .param("what", action.what())
                .param("why", action.why())
                .param("forPatients", action.forPatients())
                .param("url", action.guidanceUrl())
                .param("category", action.category().name())
                .param("deEscalate", action.mayDeEscalate())
                .param("phase", action.phase())
                .param("limit", action.dailyContactLimit())
                .update();
        int position = 1;
        for (Deferral deferral : action.deferrals()) {
            jdbc.sql("""
                            insert into actions.menu_deferral (version, number, position, subject, detail, review_on)
                            values (:version, :number, :position, :subject, :detail, :reviewOn)
                            """)
                    .param("version", draft.version())
                    .param("number", action.number())
                    .param("position", position++)
                    .param("subject", deferral.subject())
                    .param("detail", deferral.detail())
                    .param("reviewOn", Date.valueOf(deferral.reviewOn()))
                    .update();
        }
        revisions.changed(draft.version(), by, clock.instant());
        return action;
    }

    @Transactional
    void retire(int number, String opened, String by) {
        MenuVersion draft = lockedDraft(opened);
        if (draft.action(number).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        jdbc.sql("delete from actions.menu_action where version = :version and number = :number")
                .param("version", draft.version())
                .param("number", number)
                .update();
        revisions.changed(draft.version(), by, clock.instant());
    }

    @Transactional
    void discard(String opened) {
        MenuVersion draft = lockedDraft(opened);
        jdbc.sql("delete from actions.menu_version where version = :version and status = 'DRAFT'")
                .param("version", draft.version())
                .update();
    }

    /** Publishes the draft from today (UK) and emails every subscribed practice manager once. */
    @Transactional
    MenuVersion publish(String by, String opened) {
        MenuVersion draft = lockedDraft(opened);
        if (draft.actions().isEmpty()) {
            throw InvalidRequest.field("draft", "The draft has no actions: add at least one before publishing");
        }
        // Before practices taking an action are counted, so none choosing from the menu in force now is missed.
        menu.holdForPublishing();
        publishRefusal(draft).ifPresent(problem -> {
            throw InvalidRequest.field("draft", problem);
        });
        MenuVersion current = menu.current();
        MenuChanges changes = MenuChanges.between(current, draft, menu.retiredBefore(current.version()));
        if (changes.isEmpty()) {
            throw InvalidRequest.field(
                    "draft", "The draft is the same as version " + current.version() + ": change it before publishing");
        }
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, UkTime.ZONE);
        jdbc.sql("""
                        update actions.menu_version set status = 'PUBLISHED', published_on = :today,
                            published_at = :now, published_by = :by
                        where version = :version and status = 'DRAFT'
                        """)
                .param("today", Date.valueOf(today))
                .param("now", Timestamp.from(now))
                .param("by", by)
                .param("version", draft.version())
                .update();
        emails.tellSubscribers(draft.version(), changes, today);
        return menu.version(draft.version()).orElseThrow();
    }

    /**
     * Why publishing the draft as it stands would be refused, in the refusal's words, or empty: what the draft's pages
     * say before Publish is pressed. A draft started from a menu, or saved, before these rules held may break them, and
     * a practice may have chosen an action since the draft was saved.
     */
    Optional<String> publishRefusal(MenuVersion draft) {
        List<RetiredAction> retired = retired();
        for (MenuAction action : draft.actions()) {
            Optional<String> problem = DraftRules.retiredNumber(action, retired, unusedNumber())
                    .or(() -> DraftRules.dailyContactLimit(action.number(), action.dailyContactLimit()))
                    .or(() -> phaseRaised(action));
            if (problem.isPresent()) {
                return Optional.of(problem.get() + " (change action " + action.number() + " before publishing)");
            }
        }
        return Optional.empty();
    }

    /**
     * The lowest number above the draft's highest that no version, published or draft, has used: what the form for a
     * new action offers, as a retired action's number is never given to another.
     */
    int unusedNumber() {
        List<Integer> used = jdbc.sql("select distinct number from actions.menu_action")
                .query(Integer.class)
                .list();
        int next = menu.draft()
                        .flatMap(draft ->
                                draft.actions().stream().map(MenuAction::number).max(Integer::compare))
                        .orElse(0)
                + 1;
        while (used.contains(next)) {
            next++;
        }
        return next;
    }

    /**
     * Why the action cannot be phase two, or empty: see {@link DraftRules#phaseRaised}. Only a phase one action that
     * practices take or plan to take is refused; one nobody has chosen is chosen afresh, past the warning of phase two.
     */
    private Optional<String> phaseRaised(MenuAction action) {
        return DraftRules.phaseRaised(action, menu.lastPublished(action.number()))
                .flatMap(published -> {
                    int taking = periods.practicesTaking(
                            published.number(), LocalDate.ofInstant(clock.instant(), UkTime.ZONE));
                    return taking == 0
                            ? Optional.empty()
                            : Optional.of(DraftRules.phaseRaisedProblem(published, taking, unusedNumber()));
                });
    }

    /** Actions published before that the menu in force no longer has, as they last read. */
    private List<RetiredAction> retired() {
        return menu.retiredBefore(menu.current().version());
    }

    /** The draft, its row locked, refused if it has changed since the page sending {@code opened} was opened. */
    private MenuVersion lockedDraft(String opened) {
        Integer version = jdbc.sql("select version from actions.menu_version where status = 'DRAFT' for update")
                .query(Integer.class)
                .optional()
                .orElseThrow(() -> InvalidRequest.field("draft", "There is no draft: start one first"));
        revisions.check(version, opened);
        return menu.version(version).orElseThrow();
    }
}
