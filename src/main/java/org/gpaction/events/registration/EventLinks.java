package org.gpaction.events.registration;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.ratelimit.SpentLinkHashes;
import org.gpaction.notifications.SecretLinks;
import org.gpaction.notifications.StillWanted;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The two single-use links registrants get, each made as its email is sent so that only its hash is stored. A
 * confirmation link replaces the one before it; every other email carries a cancel link of its own, and each works
 * until the registration ends. A link no longer wanted (confirmed already, cancelled) withdraws its email, and so does
 * one in an email worded for someone waiting who has been given a place since, and one for an event its hosts cancelled (or, for a confirmation, that has started; for a cancel link, that is over)
 * after the email was queued: an email held back by the mail server never goes after the cancellation notice. A link
 * used up or replaced has its hash remembered a while as spent, so that reopening it counts as no guess. Which
 * registration, and which of its numbered messages, an email is for is read from its reference
 * ({@link MessageReferences}).
 */
@Configuration(proxyBeanMethods = false)
class EventLinks {

    static final String CONFIRMATION = "event-confirmation";
    static final String CANCELLATION = "event-cancel-link";

    /** The day-before reminder, which carries a cancel link too: its own category so a move can withdraw it unsent. */
    static final String REMINDER = "event-reminder";

    /**
     * The notice of a new time or place to someone with a place or waiting for one, or of a webinar's new joining link
     * to someone already reminded, which carries a cancel link too: its own category so that the next change can
     * withdraw it unsent.
     */
    static final String MOVE_NOTICE = "event-move-notice";

    /**
     * The notice of a new time or place to someone not yet confirmed, which carries no link: numbered as the notice of
     * a move to a place is, with the same sequence and reference, so that the next move withdraws it unsent whether
     * they have confirmed since or not.
     */
    static final String CHANGED = "event-changed";

    @Bean
    SecretLinks eventConfirmationLinks(
            JdbcClient jdbc, GpActionProperties app, SpentLinkHashes spentLinks, Clock clock) {
        return new SecretLinks() {
            @Override
            public String category() {
                return CONFIRMATION;
            }

            @Override
            public Optional<String> mint(String reference) {
                Optional<Long> id = MessageReferences.id(reference);
                if (id.isEmpty()) {
                    return Optional.empty();
                }
                String token = SecretTokens.generate();
                Instant now = clock.instant();
                // The link this one replaces is remembered as spent, so reopening it is known for no guess. Only
                // while the event is still open to registration, as confirming is (Registering.confirm).
                spentLinks.remember(
                        LinkThrottle.Kind.EVENT_LINK,
                        jdbc.sql("""
                                        select r.confirm_hash
                                        from events.registration r join events.event e on e.id = r.event_id
                                        where r.id = :id and r.status = 'PENDING' and r.confirm_hash is not null
                                          and e.status = 'SCHEDULED' and e.starts_at > :now
                                        """)
                                .param("id", id.get())
                                .param("now", Timestamp.from(now))
                                .query((rs, row) -> rs.getBytes("confirm_hash"))
                                .list());
                int updated = jdbc.sql("""
                                update events.registration r set confirm_hash = :hash
                                from events.event e
                                where r.id = :id and r.status = 'PENDING'
                                  and e.id = r.event_id and e.status = 'SCHEDULED' and e.starts_at > :now
                                """)
                        .param("hash", SecretTokens.hash(token))
                        .param("id", id.get())
                        .param("now", Timestamp.from(now))
                        .update();
                return updated == 1 ? Optional.of(app.link("/events/confirm/" + token)) : Optional.empty();
            }
        };
    }

    @Bean
    SecretLinks eventCancelLinks(JdbcClient jdbc, GpActionProperties app, Clock clock) {
        return new SecretLinks() {
            @Override
            public String category() {
                return CANCELLATION;
            }

            @Override
            public Optional<String> mint(String reference) {
                MessageReferences.Worded worded = MessageReferences.Worded.of(reference);
                return MessageReferences.id(worded.reference())
                        .flatMap(id -> cancelLink(jdbc, app, clock, id, null, null, worded.forWaiting()));
            }
        };
    }

    /**
     * The cancel link of the notice of a move, made only while it is the place's latest notice. One the next move could
     * not withdraw, as the dispatcher was sending it then (the move did not wait for it), that is tried again, not
     * sent after all, is withdrawn: it would go after the newer notice, with the details that notice replaced.
     */
    @Bean
    SecretLinks eventMoveNoticeLinks(JdbcClient jdbc, GpActionProperties app, Clock clock) {
        return new SecretLinks() {
            @Override
            public String category() {
                return MOVE_NOTICE;
            }

            @Override
            public Optional<String> mint(String reference) {
                MessageReferences.Worded worded = MessageReferences.Worded.of(reference);
                return MessageReferences.numbered(worded.reference(), 0)
                        .flatMap(notice -> cancelLink(
                                jdbc, app, clock, notice.registrationId(), null, notice.number(), worded.forWaiting()));
            }
        };
    }

    /**
     * Whether the notice of a move to someone not yet confirmed, which carries no link, is still wanted as it goes out:
     * only while it is the registration's latest notice. One the next move could not withdraw, as the dispatcher was
     * sending it then, that is tried again, not sent after all, is withdrawn, as a notice to a place is
     * ({@link #eventMoveNoticeLinks}); so is one whose registration was deleted meanwhile, and one whose event has been
     * cancelled or has started since, as its confirmation link is then dead. So is one to someone who has confirmed
     * since (with the link of an earlier email): it would tell them their place is not confirmed yet, and the email of
     * their place, queued after the move, has the new details.
     */
    @Bean
    StillWanted eventChangedNotices(JdbcClient jdbc, Clock clock) {
        return new StillWanted() {
            @Override
            public String category() {
                return CHANGED;
            }

            @Override
            public boolean stillWanted(String reference) {
                return MessageReferences.numbered(reference, 0)
                        .filter(notice -> jdbc.sql("""
                                        select exists (select 1
                                                       from events.registration r
                                                       join events.event e on e.id = r.event_id
                                                       where r.id = :id and r.move_notices = :notice
                                                         and r.status = 'PENDING'
                                                         and e.status = 'SCHEDULED' and e.starts_at > :now)
                                        """)
                                .param("id", notice.registrationId())
                                .param("notice", notice.number())
                                .param("now", Timestamp.from(clock.instant()))
                                .query(Boolean.class)
                                .single())
                        .isPresent();
            }
        };
    }

    /**
     * A reminder's cancel link, made only while it is the place's latest reminder and no change of the event has
     * superseded it. One superseded while the dispatcher was sending it (the change did not wait for it, and told its
     * registrant as if it had gone) that is tried again, not sent after all, is withdrawn, and the place is due a
     * reminder again: the next look for reminders sends it as the event now is. The place is not waited for: a host
     * changing the event again may hold it, and may be waiting for another place this batch has made due again, so
     * waiting could deadlock the two; a place held so is left, and {@link DayBeforeReminders} finds its reminder
     * withdrawn, as it finds one the dispatcher gave up on (never tried again).
     */
    @Bean
    SecretLinks eventReminderLinks(JdbcClient jdbc, GpActionProperties app, Clock clock, NumberedMessages numbered) {
        return new SecretLinks() {
            @Override
            public String category() {
                return REMINDER;
            }

            @Override
            public Optional<String> mint(String reference) {
                Optional<MessageReferences.Numbered> reminder = MessageReferences.numbered(reference, 1);
                if (reminder.isEmpty()) {
                    return Optional.empty();
                }
                MessageReferences.Numbered r = reminder.get();
                Optional<String> link = cancelLink(jdbc, app, clock, r.registrationId(), r.number(), null, false);
                if (link.isEmpty()) {
                    numbered.remindAgain(r.registrationId(), (int) r.number());
                }
                return link;
            }
        };
    }

    /**
     * A new cancel link for the registration; for a reminder, or the notice of a move, of this number, if it is the one
     * still wanted; for an email worded for someone waiting, only while they are.
     */
    private static Optional<String> cancelLink(
            JdbcClient jdbc,
            GpActionProperties app,
            Clock clock,
            long id,
            Long reminder,
            Long moveNotice,
            boolean forWaiting) {
        String token = SecretTokens.generate();
        // Until the event is over, not only until it starts: a reminder or a new joining link queued just before a
        // webinar starts is still wanted by someone joining late (its cancel link then opens the page saying
        // registration is closed). Once it is over, or cancelled, nothing about a place is wanted.
        int inserted = jdbc.sql("""
                        insert into events.cancel_link (token_hash, registration_id, created_at)
                        select :hash, r.id, :now
                        from events.registration r join events.event e on e.id = r.event_id
                        where r.id = :id and r.status in ('CONFIRMED', 'WAITING')
                          and (not :forWaiting or r.status = 'WAITING')
                          and e.status = 'SCHEDULED' and e.ends_at > :now
                          and (cast(:reminder as bigint) is null
                               or (r.reminders = :reminder and not r.reminder_superseded))
                          and (cast(:notice as bigint) is null or r.move_notices = :notice)
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("id", id)
                .param("now", Timestamp.from(clock.instant()))
                .param("reminder", reminder)
                .param("notice", moveNotice)
                .param("forWaiting", forWaiting)
                .update();
        return inserted == 1 ? Optional.of(app.link("/events/cancel/" + token)) : Optional.empty();
    }
}
