package org.gpaction.actions.practice;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gpaction.accounts.CurrentStaff;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.UkTime;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells a practice's subscribed managers when a deferral they are keeping has reached its review date. The deferrals
 * are the action's as the latest published version that has it gave them, as the practice's page shows them, so an
 * action since retired from the menu is reminded of too. Each reminder row is claimed by exactly one insert, so running
 * on several instances at once sends each email once; it is sent only to someone who may still change the practice's
 * actions, checked with their account as it is now.
 */
@Component
class DeferralReminders {

    record Reminder(String odsCode, int actionNumber, String subject, LocalDate reviewOn, String recipient) {}

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final GpActionProperties app;
    private final Clock clock;
    private final CurrentStaff staff;
    private final PracticeActionRepository subscriptions;

    DeferralReminders(
            JdbcClient jdbc,
            Outbox outbox,
            GpActionProperties app,
            Clock clock,
            CurrentStaff staff,
            PracticeActionRepository subscriptions) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.app = app;
        this.clock = clock;
        this.staff = staff;
        this.subscriptions = subscriptions;
    }

    /** As often as {@link DeferralReminderProperties#reminderInterval()} says (the bound, validated setting, read here). */
    @Scheduled(
            fixedDelayString =
                    "#{@'gpaction.actions-org.gpaction.actions.practice.DeferralReminderProperties'.reminderInterval().toMillis()}",
            initialDelayString = "PT2M")
    @Transactional
    public int send() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), UkTime.ZONE);
        List<Reminder> claimed = jdbc.sql("""
                        insert into actions.deferral_reminder (ods_code, action_number, subject, review_on, recipient,
                            sent_at)
                        select p.ods_code, p.action_number, d.subject, d.review_on, s.email, :now
                        from actions.action_period p
                        join actions.menu_deferral d on d.number = p.action_number
                            and d.version = (select max(a.version) from actions.menu_action a
                                             join actions.menu_version v on v.version = a.version
                                                 and v.status = 'PUBLISHED'
                                             where a.number = p.action_number)
                        join actions.subscription s on s.ods_code = p.ods_code
                        where d.review_on <= :today
                          and p.from_on <= :today and (p.to_on is null or p.to_on > :today)
                        on conflict do nothing
                        returning ods_code, action_number, subject, review_on, recipient
                        """)
                .param("now", Timestamp.from(clock.instant()))
                .param("today", Date.valueOf(today))
                .query((rs, row) -> new Reminder(
                        rs.getString("ods_code"),
                        rs.getInt("action_number"),
                        rs.getString("subject"),
                        rs.getDate("review_on").toLocalDate(),
                        rs.getString("recipient")))
                .list();
        Map<String, Optional<StaffPrincipal>> subscribers = new HashMap<>();
        int sent = 0;
        for (Reminder reminder : claimed) {
            Optional<StaffPrincipal> now =
                    subscribers.computeIfAbsent(reminder.recipient().toLowerCase(Locale.ROOT), staff::enabled);
            if (now.filter(subscriber ->
                            PracticeAccess.mayChange(subscriber.role(), subscriber.practices(), reminder.odsCode()))
                    .isEmpty()) {
                // A subscription the change of access took away lives on only when the manager's own choice landed
                // at the same moment: it ends here, and the reminder it claimed is not sent.
                subscriptions.unsubscribe(reminder.odsCode(), reminder.recipient());
                unclaim(reminder);
                continue;
            }
            sent++;
            outbox.send(new Email(
                    reminder.recipient(),
                    "Review due: " + reminder.subject() + " (" + reminder.odsCode() + ")",
                    "Your practice " + reminder.odsCode() + " is taking action " + reminder.actionNumber()
                            + ", which defers the " + reminder.subject() + " until "
                            + PracticeActions.DISPLAY.format(reminder.reviewOn()) + ".\n\n"
                            + "That review date has come. Check the latest guidance and decide whether to keep "
                            + "deferring, then record what you decide on the practice's page:\n\n"
                            + app.link("/actions/practices/" + reminder.odsCode()) + "\n\n"
                            + "You get this email because you manage the practice's actions in GP Action.",
                    "actions-deferral-review"));
        }
        return sent;
    }

    private void unclaim(Reminder reminder) {
        jdbc.sql("""
                        delete from actions.deferral_reminder
                        where ods_code = :ods and action_number = :action and subject = :subject
                          and review_on = :review and recipient = :recipient
                        """)
                .param("ods", reminder.odsCode())
                .param("action", reminder.actionNumber())
                .param("subject", reminder.subject())
                .param("review", Date.valueOf(reminder.reviewOn()))
                .param("recipient", reminder.recipient())
                .update();
    }
}
