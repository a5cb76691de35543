package org.gpaction.actions.menu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.gpaction.accounts.CurrentStaff;
import org.gpaction.actions.practice.PracticeAccess;
import org.gpaction.common.GpActionProperties;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Tells each person subscribed to a practice's actions what a newly published menu changed, in one email. */
@Component
class MenuChangeEmails {

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final GpActionProperties app;
    private final CurrentStaff staff;
    private final Practices directory;

    MenuChangeEmails(JdbcClient jdbc, Outbox outbox, GpActionProperties app, CurrentStaff staff, Practices directory) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.app = app;
        this.staff = staff;
        this.directory = directory;
    }

    void tellSubscribers(int version, MenuChanges changes) {
        Map<String, List<String>> practicesByEmail = new LinkedHashMap<>();
        jdbc.sql("select email, ods_code from actions.subscription order by email, ods_code")
                .query((rs, row) -> practicesByEmail
                        .computeIfAbsent(rs.getString("email").toLowerCase(Locale.ROOT), e -> new ArrayList<>())
                        .add(rs.getString("ods_code")))
                .list();
        // Each subscriber is told of the practices whose actions they may still change, their account as it is now.
        practicesByEmail.replaceAll((email, practices) -> staff.enabled(email)
                .map(now -> practices.stream()
                        .filter(ods -> PracticeAccess.mayChange(now.role(), now.practices(), ods))
                        .toList())
                .orElse(List.of()));
        practicesByEmail.values().removeIf(List::isEmpty);
        Map<String, Practice> named = directory.findAll(
                practicesByEmail.values().stream().flatMap(List::stream).collect(Collectors.toSet()));
        practicesByEmail.forEach((email, practices) -> outbox.send(new Email(
                email,
                "The action menu has changed: version " + version,
                "Version " + version + " of the action menu is published from today. What changed:\n\n"
                        + changes.describe() + "\n"
                        + "Read the whole menu at " + app.link("/actions/menu") + "\n\n"
                        + nothingChanges(practices, named),
                "actions-menu-published")));
    }

    /** Each practice as the directory names it ("NAME (A81001)"), or by its code alone if the directory has none. */
    private static String nothingChanges(List<String> practices, Map<String, Practice> named) {
        List<String> names = practices.stream()
                .map(ods -> named.containsKey(ods) ? named.get(ods).named() : ods)
                .toList();
        if (names.size() == 1) {
            return "Nothing changes for your practice, " + names.get(0)
                    + ", unless you choose: record any change on the practice's page.";
        }
        return "Nothing changes for your practices, " + String.join(", ", names.subList(0, names.size() - 1))
                + " and " + names.get(names.size() - 1)
                + ", unless you choose: record any change on each practice's page.";
    }
}
