package org.gpaction.actions.menu;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gpaction.actions.ActionMenu;
import org.gpaction.actions.Category;
import org.gpaction.actions.Deferral;
import org.gpaction.actions.MenuAction;
import org.gpaction.actions.MenuVersion;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Administrators change the menu by drafting a new version (a copy of the one in force), editing it, and
 * publishing it. Published versions never change, so a practice's history always reads against the menu it chose
 * from; practices that asked for emails are told what changed.
 */
@Service
class MenuDrafts {

    /** An action as an administrator typed it; everything is text until checked. */
    record ActionForm(
            String number,
            String title,
            String what,
            String why,
            String guidanceUrl,
            String category,
            String mayDeEscalate,
            String phase,
            String dailyContactLimit,
            String deferral1Subject,
            String deferral1Detail,
            String deferral1ReviewOn,
            String deferral2Subject,
            String deferral2Detail,
            String deferral2ReviewOn) {

        static ActionForm of(MenuAction action) {
            List<Deferral> d = action.deferrals();
            return new ActionForm(
                    String.valueOf(action.number()),
                    action.title(),
                    action.what(),
                    action.why(),
                    action.guidanceUrl(),
                    action.category().name(),
                    String.valueOf(action.mayDeEscalate()),
                    String.valueOf(action.phase()),
                    action.dailyContactLimit() == null
                            ? ""
                            : action.dailyContactLimit().toString(),
                    d.size() > 0 ? d.get(0).subject() : "",
                    d.size() > 0 ? d.get(0).detail() : "",
                    d.size() > 0 ? d.get(0).reviewOn().toString() : "",
                    d.size() > 1 ? d.get(1).subject() : "",
                    d.size() > 1 ? d.get(1).detail() : "",
                    d.size() > 1 ? d.get(1).reviewOn().toString() : "");
        }

        static ActionForm blank(int number) {
            return new ActionForm(String.valueOf(number), "", "", "", "", "", "false", "1", "", "", "", "", "", "", "");
        }
    }

    private final JdbcClient jdbc;
    private final ActionMenu menu;
    private final Outbox outbox;
    private final GpActionProperties app;
    private final Clock clock;

    MenuDrafts(JdbcClient jdbc, ActionMenu menu, Outbox outbox, GpActionProperties app, Clock clock) {
        this.jdbc = jdbc;
        this.menu = menu;
        this.outbox = outbox;
        this.app = app;
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
                        insert into actions.menu_action (version, number, title, what, why, guidance_url, category,
                            may_de_escalate, phase, daily_contact_limit)
                        select :version, number, title, what, why, guidance_url, category, may_de_escalate, phase,
                               daily_contact_limit
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
    MenuAction save(ActionForm form, Integer replacing) {
        MenuVersion draft = lockedDraft();
        MenuAction action = check(form, draft, replacing);
        if (replacing != null) {
            jdbc.sql("delete from actions.menu_action where version = :version and number = :number")
                    .param("version", draft.version())
                    .param("number", replacing)
                    .update();
        }
        jdbc.sql("""
                        insert into actions.menu_action (version, number, title, what, why, guidance_url, category,
                            may_de_escalate, phase, daily_contact_limit)
                        values (:version, :number, :title, :what, :why, :url, :category, :deEscalate, :phase, :limit)
                        """)
                .param("version", draft.version())
                .param("number", action.number())
                .param("title", action.title())
                .param("what", action.what())
                .param("why", action.why())
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
        return action;
    }

    @Transactional
    void retire(int number) {
        MenuVersion draft = lockedDraft();
        jdbc.sql("delete from actions.menu_action where version = :version and number = :number")
                .param("version", draft.version())
                .param("number", number)
                .update();
    }

    @Transactional
    void discard() {
        MenuVersion draft = lockedDraft();
        jdbc.sql("delete from actions.menu_version where version = :version and status = 'DRAFT'")
                .param("version", draft.version())
                .update();
    }

    /** Publishes the draft from today (UK) and emails every subscribed practice manager once. */
    @Transactional
    MenuVersion publish(String by) {
        MenuVersion draft = lockedDraft();
        if (draft.actions().isEmpty()) {
            throw InvalidRequest.field("draft", "The draft has no actions: add at least one before publishing");
        }
        MenuVersion current = menu.current();
        MenuChanges changes = MenuChanges.between(current, draft);
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
        Map<String, List<String>> practicesByEmail = new LinkedHashMap<>();
        jdbc.sql("select email, ods_code from actions.subscription order by email, ods_code")
                .query((rs, row) -> practicesByEmail
                        .computeIfAbsent(rs.getString("email").toLowerCase(Locale.ROOT), e -> new ArrayList<>())
                        .add(rs.getString("ods_code")))
                .list();
        practicesByEmail.forEach((email, practices) -> outbox.send(new Email(
                email,
                "The action menu has changed: version " + draft.version(),
                "Version " + draft.version() + " of the action menu is published from today. What changed:\n\n"
                        + changes.describe() + "\n"
                        + "Read the whole menu at " + app.link("/actions/menu") + "\n\n"
                        + "Nothing changes for your practice (" + String.join(", ", practices)
                        + ") unless you choose: record any change on the practice's page.",
                "actions-menu-published")));
        return menu.version(draft.version()).orElseThrow();
    }

    private MenuVersion lockedDraft() {
        Integer version = jdbc.sql("select version from actions.menu_version where status = 'DRAFT' for update")
                .query(Integer.class)
                .optional()
                .orElseThrow(() -> InvalidRequest.field("draft", "There is no draft: start one first"));
        return menu.version(version).orElseThrow();
    }

    MenuAction check(ActionForm form, MenuVersion draft, Integer replacing) {
        Map<String, String> problems = new LinkedHashMap<>();
        Integer number = integer(form.number());
        if (number == null || number < 1 || number > 99) {
            problems.put("number", "Enter the action's number, a whole number from 1 to 99");
        } else if (!number.equals(replacing) && draft.action(number).isPresent()) {
            problems.put("number", "The draft already has an action " + number + ": choose another number");
        }
        String title = text(form.title());
        if (title.isEmpty()) {
            problems.put("title", "Enter a short title");
        } else if (title.length() > 80) {
            problems.put("title", "The title must be 80 characters or fewer");
        }
        String what = text(form.what());
        if (what.isEmpty()) {
            problems.put("what", "Enter what a practice does");
        } else if (what.length() > 1000) {
            problems.put("what", "What a practice does must be 1000 characters or fewer");
        }
        String why = text(form.why());
        if (why.isEmpty()) {
            problems.put("why", "Enter why practices take this action");
        } else if (why.length() > 1000) {
            problems.put("why", "Why must be 1000 characters or fewer");
        }
        String url = text(form.guidanceUrl());
        if (!isWebAddress(url)) {
            problems.put("guidanceUrl", "Enter the guidance link as a web address starting https://");
        }
        Category category = null;
        try {
            category = Category.valueOf(text(form.category()));
        } catch (IllegalArgumentException e) {
            problems.put("category", "Choose a category");
        }
        Integer phase = integer(form.phase());
        if (phase == null || (phase != 1 && phase != 2)) {
            problems.put("phase", "Choose phase one or phase two");
        }
        Integer limit = null;
        if (!text(form.dailyContactLimit()).isEmpty()) {
            limit = integer(form.dailyContactLimit());
            if (limit == null || limit < 1 || limit > 200) {
                problems.put(
                        "dailyContactLimit",
                        "Enter the daily contact limit as a number from 1 to 200, or leave it empty");
            }
        }
        List<Deferral> deferrals = new ArrayList<>();
        deferral(1, form.deferral1Subject(), form.deferral1Detail(), form.deferral1ReviewOn(), deferrals, problems);
        deferral(2, form.deferral2Subject(), form.deferral2Detail(), form.deferral2ReviewOn(), deferrals, problems);
        if (!problems.isEmpty()) {
            List<Map<String, String>> errors = new ArrayList<>();
            problems.forEach((field, message) -> errors.add(Map.of("field", field, "message", message)));
            throw new InvalidRequest("Some fields need fixing", errors);
        }
        return new MenuAction(
                number,
                title,
                what,
                why,
                url,
                category,
                Boolean.parseBoolean(text(form.mayDeEscalate())),
                phase,
                limit,
                deferrals);
    }

    private static void deferral(
            int position,
            String subject,
            String detail,
            String reviewOn,
            List<Deferral> deferrals,
            Map<String, String> problems) {
        String s = text(subject);
        String d = text(detail);
        String r = text(reviewOn);
        if (s.isEmpty() && d.isEmpty() && r.isEmpty()) {
            return;
        }
        String prefix = "deferral" + position;
        if (s.isEmpty() || s.length() > 100) {
            problems.put(
                    prefix + "Subject", "Enter what deferral " + position + " puts off, in 100 characters or fewer");
        }
        if (d.length() > 500) {
            problems.put(prefix + "Detail", "Deferral " + position + "'s detail must be 500 characters or fewer");
        }
        LocalDate review = null;
        try {
            review = LocalDate.parse(r);
        } catch (DateTimeParseException e) {
            problems.put(prefix + "ReviewOn", "Enter deferral " + position + "'s review date, like 2025-03-01");
        }
        if (review != null && !s.isEmpty()) {
            deferrals.add(new Deferral(s, d, review));
        }
    }

    private static boolean isWebAddress(String value) {
        if (value.isEmpty() || value.length() > 500) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Integer integer(String value) {
        try {
            return Integer.valueOf(text(value));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(String value) {
        return value == null ? "" : value.strip().replaceAll("[\\p{Cntrl}&&[^\\n]]", "");
    }
}
