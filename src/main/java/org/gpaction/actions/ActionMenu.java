package org.gpaction.actions;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Reading the menu: the version in force, any version by number, and every action ever published. */
@Service
public class ActionMenu {

    public record VersionSummary(int version, LocalDate publishedOn, int actionCount) {

        public boolean isDraft() {
            return publishedOn == null;
        }
    }

    /** An action that some published version had and the version in force no longer has. */
    public record RetiredAction(MenuAction action, int lastVersion) {}

    private final JdbcClient jdbc;

    ActionMenu(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Until the transaction ends, keeps a new version from being published: a choice from the menu, a stop (which
     * reads whether the action may be de-escalated) and a note (which reads whether its action is on the menu) take
     * this before they read the version in force and before the practice's own lock, so each either finishes first,
     * and is counted by a publish that checks who takes an action, or reads the version that publish made.
     */
    public void holdForChoosing() {
        jdbc.sql("select pg_advisory_xact_lock_shared(hashtext('actions.menu'))")
                .query((rs, row) -> 1)
                .single();
    }

    /**
     * Until the transaction ends, publishing alone: waits for every choice or stop being made against the menu in force
     * to finish, and keeps new ones waiting until the new version is published (see {@link #holdForChoosing}).
     */
    public void holdForPublishing() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('actions.menu'))")
                .query((rs, row) -> 1)
                .single();
    }

    /** The latest published version: the one practices choose from. */
    public MenuVersion current() {
        Integer latest = jdbc.sql("select max(version) from actions.menu_version where status = 'PUBLISHED'")
                .query(Integer.class)
                .single();
        if (latest == null) {
            throw new IllegalStateException("The reference data migration publishes the first menu");
        }
        return version(latest).orElseThrow();
    }

    public Optional<MenuVersion> draft() {
        return jdbc.sql("select version from actions.menu_version where status = 'DRAFT'")
                .query(Integer.class)
                .optional()
                .flatMap(this::version);
    }

    public Optional<MenuVersion> version(int version) {
        return jdbc.sql("select published_on from actions.menu_version where version = :version")
                .param("version", version)
                .query((rs, row) -> new MenuVersion(version, localDate(rs.getDate("published_on")), List.of()))
                .optional()
                .map(found -> new MenuVersion(version, found.publishedOn(), actions(version)));
    }

    public List<VersionSummary> versions() {
        return jdbc.sql("""
                        select v.version, v.published_on, count(a.number) as actions
                        from actions.menu_version v
                        left join actions.menu_action a on a.version = v.version
                        group by v.version, v.published_on
                        order by v.version desc
                        """)
                .query((rs, row) -> new VersionSummary(
                        rs.getInt("version"), localDate(rs.getDate("published_on")), rs.getInt("actions")))
                .list();
    }

    /**
     * The action as the latest published version that has it gave it: the current menu's, or, for an action since
     * retired, its last before that. A draft never counts, even one that brings the number back.
     */
    public Optional<MenuAction> lastPublished(int number) {
        return jdbc.sql("""
                        select max(a.version) from actions.menu_action a
                        join actions.menu_version v on v.version = a.version and v.status = 'PUBLISHED'
                        where a.number = :number
                        """)
                .param("number", number)
                .query(Integer.class)
                .optional()
                .flatMap(this::version)
                .flatMap(v -> v.action(number));
    }

    /** The day the action first came onto a published menu; empty for a number never published. */
    public Optional<LocalDate> firstPublishedOn(int number) {
        return jdbc.sql("""
                        select min(v.published_on) from actions.menu_action a
                        join actions.menu_version v on v.version = a.version and v.status = 'PUBLISHED'
                        where a.number = :number
                        """).param("number", number).query(LocalDate.class).optional();
    }

    /** Actions published before that the given version no longer has, as they last read. */
    public List<RetiredAction> retiredBefore(int version) {
        List<RetiredAction> retired = new ArrayList<>();
        Map<Integer, Integer> lastVersions = new LinkedHashMap<>();
        jdbc.sql("""
                        select a.number, max(a.version) as last_version
                        from actions.menu_action a
                        join actions.menu_version v on v.version = a.version and v.status = 'PUBLISHED'
                        where a.version < :version
                          and not exists (select 1 from actions.menu_action now
                                          where now.version = :version and now.number = a.number)
                        group by a.number
                        order by a.number
                        """)
                .param("version", version)
                .query((rs, row) -> lastVersions.put(rs.getInt("number"), rs.getInt("last_version")))
                .list();
        lastVersions.forEach((number, last) -> version(last)
                .flatMap(v -> v.action(number))
                .ifPresent(action -> retired.add(new RetiredAction(action, last))));
        return retired;
    }

    private List<MenuAction> actions(int version) {
        Map<Integer, List<Deferral>> deferrals = new LinkedHashMap<>();
        jdbc.sql("""
                        select number, subject, detail, review_on from actions.menu_deferral
                        where version = :version order by number, position
                        """)
                .param("version", version)
                .query((rs, row) -> deferrals
                        .computeIfAbsent(rs.getInt("number"), n -> new ArrayList<>())
                        .add(new Deferral(
                                rs.getString("subject"),
                                rs.getString("detail"),
                                rs.getDate("review_on").toLocalDate())))
                .list();
        return jdbc.sql("""
                        select number, title, what, why, for_patients, guidance_url, category, may_de_escalate, phase,
                               daily_contact_limit
                        from actions.menu_action where version = :version order by number
                        """)
                .param("version", version)
                .query((rs, row) -> new MenuAction(
                        rs.getInt("number"),
                        rs.getString("title"),
                        rs.getString("what"),
                        rs.getString("why"),
                        rs.getString("for_patients"),
                        rs.getString("guidance_url"),
                        Category.valueOf(rs.getString("category")),
                        rs.getBoolean("may_de_escalate"),
                        rs.getInt("phase"),
                        rs.getObject("daily_contact_limit", Integer.class),
                        deferrals.getOrDefault(rs.getInt("number"), List.of())))
                .list();
    }

    private static LocalDate localDate(Date date) {
        return date == null ? null : date.toLocalDate();
    }
}
