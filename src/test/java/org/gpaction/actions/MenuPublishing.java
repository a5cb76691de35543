package org.gpaction.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.common.UkTime;
import org.gpaction.support.Http;
import org.gpaction.support.LockWaits;
import org.gpaction.support.TestAdmin;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the tests racing a publish of the menu do again and again: start a draft as an administrator, find what its
 * publish page sends, see the publish held, and remove the versions a test made.
 */
final class MenuPublishing {

    static final String PUBLISH = "/admin/actions/menu/draft/publish";
    private static final Pattern REVISION = Pattern.compile("type=\"hidden\" name=\"revision\" value=\"([^\"]*)\"");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final int port;

    MenuPublishing(JdbcClient jdbc, Clock clock, int port) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.port = port;
    }

    /** An administrator signed in, with a draft started on the admin page and then changed by {@code change}. */
    Http adminWithADraft(IntConsumer change) {
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        admin.get("/admin/actions/menu");
        assertThat(admin.postForm("/admin/actions/menu/draft", Map.of()).status())
                .isEqualTo(302);
        change.accept(jdbc.sql("select version from actions.menu_version where status = 'DRAFT'")
                .query(Integer.class)
                .single());
        return admin;
    }

    /** The draft's revision as its publish page sends it, so a publish is of the draft as it stands. */
    static String revision(Http admin) {
        String page = admin.get(PUBLISH).body();
        Matcher revision = REVISION.matcher(page);
        assertThat(revision.find()).as(page).isTrue();
        return revision.group(1);
    }

    /**
     * Whether the publish, holding the menu's lock, waits for the test's holder: a job of another context writing to
     * the outbox waits for the holder too, but never holds the menu's lock.
     */
    boolean thePublishWaitsFor(int holder) {
        return jdbc.sql("""
                        select exists (
                            select 1 from pg_stat_activity a join pg_locks l on l.pid = a.pid
                            where a.datname = current_database() and :holder = any(pg_blocking_pids(a.pid))
                              and l.locktype = 'advisory' and l.granted and l.objsubid = 1
                              and l.objid = hashtext('actions.menu')::oid)
                        """).param("holder", holder).query(Boolean.class).single();
    }

    /** Whether the other side was seen waiting on {@code statement}; false if it finished without waiting. */
    boolean waitsOrIsDone(Future<?> other, String statement) {
        await().atMost(Duration.ofSeconds(20)).until(() -> other.isDone() || LockWaits.waiting(jdbc, statement) > 0);
        return !other.isDone();
    }

    /** Today in the UK by the application's clock, from which actions are chosen and versions published. */
    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), UkTime.ZONE);
    }

    int currentVersion() {
        return jdbc.sql("select max(version) from actions.menu_version where status = 'PUBLISHED'")
                .query(Integer.class)
                .single();
    }

    /**
     * Removes every version after {@code before}, the one in force as the test began, and any draft, so the shared
     * menu is as it was for every other test; nothing if the test failed before it read which version was in force.
     */
    void removeVersionsAfter(int before) {
        if (before > 0) {
            jdbc.sql("delete from actions.menu_version where version > :before or status = 'DRAFT'")
                    .param("before", before)
                    .update();
        }
    }
}
