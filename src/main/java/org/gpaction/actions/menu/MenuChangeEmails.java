package org.gpaction.actions.menu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gpaction.accounts.CurrentStaff;
import org.gpaction.actions.practice.PracticeAccess;
import org.gpaction.common.GpActionProperties;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Tells each person subscribed to a practice's actions what a newly published menu changed, in one email. */
@Component
class MenuChangeEmails {

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final GpActionProperties app;
    private final CurrentStaff staff;

    MenuChangeEmails(JdbcClient jdbc, Outbox outbox, GpActionProperties app, CurrentStaff staff) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.app = app;
        this.staff = staff;
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
        practicesByEmail.forEach((email, practices) -> outbox.send(new Email(
                email,
                "The action menu has changed: version " + version,
                "Version " + version + " of the action menu is published from today. What changed:\n\n"
                        + changes.describe() + "\n"
                        + "Read the whole menu at " + app.link("/actions/menu") + "\n\n"
                        + "Nothing changes for your practice (" + String.join(", ", practices)
                        + ") unless you choose: record any change on the practice's page.",
                "actions-menu-published")));
    }
}
