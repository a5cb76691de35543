package org.gpaction.notifications;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.gpaction.notifications.internal.OutboxDispatcher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Where modules put email. The message is stored in the caller's own transaction, so it is sent if and only if
 * what it tells of was committed.
 */
@Service
public class Outbox {

    /** Longer than any answer takes to write, short enough that nobody waiting for the email notices. */
    public static final Duration AFTER_THE_ANSWER = Duration.ofMillis(250);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ObjectProvider<OutboxDispatcher> dispatcher;

    Outbox(JdbcClient jdbc, Clock clock, ObjectProvider<OutboxDispatcher> dispatcher) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.dispatcher = dispatcher;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void send(Email email) {
        store(email, null);
    }

    /**
     * Sends a message whose body holds {@link Email#SECRET_LINK}; the link is made by the category's
     * {@link SecretLinks} when the message goes out, from the reference given here.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void sendWithSecretLink(Email email, String reference) {
        if (!email.body().contains(Email.SECRET_LINK) || reference == null) {
            throw new IllegalArgumentException("A message with a secret link needs the placeholder and a reference");
        }
        store(email, reference);
    }

    /**
     * Sends a message with no secret link that its module can still find by the reference given here, to withdraw it
     * unsent ({@link #withdrawUnsent}) when it no longer wants it as written. As a message with a link is withdrawn
     * when its link is not made, the category's {@link StillWanted} is asked when it goes out whether it is still
     * wanted, so one being sent as the module withdrew the others is never sent later, if it does not go at once,
     * when the module no longer wants it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void sendWithReference(Email email, String reference) {
        if (email.body().contains(Email.SECRET_LINK) || reference == null) {
            throw new IllegalArgumentException("A message found by its reference needs one, and no secret link");
        }
        store(email, reference);
    }

    /**
     * As {@link #sendWithSecretLink}, for a message that is withdrawn when its link is made if it names nobody known
     * (a sign-in link asked for with any address). Sending starts only {@link #AFTER_THE_ANSWER} after the commit,
     * once the caller has answered: the lookup, the link and the email then share no time with the answer, so how
     * long the answer takes cannot tell whether the message will go out.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void sendWithSecretLinkAfterAnswering(Email email, String reference) {
        if (!email.body().contains(Email.SECRET_LINK) || reference == null) {
            throw new IllegalArgumentException("A message with a secret link needs the placeholder and a reference");
        }
        insert(email, reference);
        wakeDispatcherAfterCommit(AFTER_THE_ANSWER);
    }

    /**
     * One message, the same for everyone, to many people at once (a ballot's result to everyone on its roll): a copy
     * each, written in one statement, in the caller's transaction. The message's recipient is ignored.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void sendToEach(Email message, Collection<String> recipients) {
        if (message.body().contains(Email.SECRET_LINK)) {
            throw new IllegalArgumentException("A message with a secret link needs a reference for each copy");
        }
        if (recipients.isEmpty()) {
            return;
        }
        if (recipients.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("Each copy needs an address");
        }
        insertCopies(message, recipients.toArray(String[]::new), new String[recipients.size()]);
        wakeDispatcherAfterCommit();
    }

    /** Whom a copy goes to, and the reference its secret link will be made from. */
    public record SecretLinkRecipient(String to, String reference) {}

    /**
     * One message to many people at once, each copy with its own secret link, as a ballot opening sends one to every
     * voter: written in one statement, in the caller's transaction. The body holds {@link Email#SECRET_LINK}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void sendWithSecretLinks(
            String subject, String body, String category, List<SecretLinkRecipient> recipients) {
        sendWithSecretLinks(new Email(null, subject, body, category), recipients);
    }

    /**
     * As {@link #sendWithSecretLinks(String, String, String, List)}: the message's subject, body, category, sender and
     * what it is about are taken from {@code message}; its recipient is ignored.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void sendWithSecretLinks(Email message, List<SecretLinkRecipient> recipients) {
        if (!message.body().contains(Email.SECRET_LINK)) {
            throw new IllegalArgumentException("A message with a secret link needs the placeholder");
        }
        String[] to = new String[recipients.size()];
        String[] references = new String[recipients.size()];
        for (int i = 0; i < to.length; i++) {
            SecretLinkRecipient recipient = recipients.get(i);
            if (recipient.to() == null || recipient.reference() == null) {
                throw new IllegalArgumentException("Each copy needs an address and a reference");
            }
            to[i] = recipient.to();
            references[i] = recipient.reference();
        }
        insertCopies(message, to, references);
        wakeDispatcherAfterCommit();
    }

    /** A copy of the message for each address, each with its secret link's reference (or none), in one statement. */
    private void insertCopies(Email message, String[] to, String[] references) {
        Timestamp now = Timestamp.from(clock.instant());
        Sender sender = message.sender();
        jdbc.sql("""
                        insert into notifications.outbox
                            (recipient, subject, body, category, secret_link_reference, next_attempt, created_at,
                             from_name, from_address, reply_to, about)
                        select recipient, :subject, :body, :category, reference, :now, :now,
                            :fromName, :fromAddress, :replyTo, :about
                        from unnest(cast(:to as text[]), cast(:references as text[])) as copy (recipient, reference)
                        """)
                .param("subject", message.subject())
                .param("body", message.body())
                .param("category", message.category())
                .param("to", to)
                .param("references", references)
                .param("now", now)
                .param("fromName", sender == null ? null : sender.name())
                .param("fromAddress", sender == null ? null : sender.address())
                .param("replyTo", sender == null ? null : sender.replyTo())
                .param("about", message.about())
                .update();
    }

    /**
     * How many messages of this category, marked as {@link Email#about() about} this, could not be delivered: the
     * dispatcher gave up on them.
     */
    @Transactional(readOnly = true)
    public long undelivered(String category, String about) {
        return jdbc.sql("""
                        select count(*) from notifications.outbox
                        where status = 'FAILED' and about = :about and category = :category
                        """)
                .param("about", about)
                .param("category", category)
                .query(Long.class)
                .single();
    }

    /**
     * Withdraws the messages of this category still waiting to be sent (not yet sent, or held back by a mail server
     * that is down) whose secret links would be made from these references, as their module no longer wants them as
     * written: an event's reminder once the event has moved. One the dispatcher is sending at this moment is not waited
     * for (the mail server may take its time, or be down) and is left as it is: the module's {@link SecretLinks} must
     * refuse its link (or its {@link StillWanted} say it is not wanted) if it is tried again later.
     *
     * @return the references of the messages withdrawn, for the module to send again as it now wants them
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<String> withdrawUnsent(String category, Collection<String> references) {
        if (references.isEmpty()) {
            return List.of();
        }
        // A mark a stop left of an attempt at one (notifications V14) goes with it: it is never claimed again.
        return jdbc.sql("""
                        with withdrawn as (
                            update notifications.outbox
                            set status = 'WITHDRAWN', body = null, last_attempt = :now, last_error = 'no longer wanted'
                            where id in (
                                select id from notifications.outbox
                                where status = 'PENDING' and category = :category
                                  and secret_link_reference = any(cast(:references as text[]))
                                for update skip locked)
                            returning id, secret_link_reference),
                        unmarked as (
                            delete from notifications.sending_begun where outbox_id in (select id from withdrawn))
                        select secret_link_reference from withdrawn
                        """)
                .param("now", Timestamp.from(clock.instant()))
                .param("category", category)
                .param("references", references.toArray(String[]::new))
                .query(String.class)
                .list();
    }

    /**
     * The references, among these, of the messages of this category whose secret links would be made from them that
     * are still waiting to be sent, or being sent at this moment.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<String> stillToSend(String category, Collection<String> references) {
        return referencesWhere("status = 'PENDING'", category, references);
    }

    /**
     * The references, among these, of the messages of this category whose secret links would be made from them that
     * will never be delivered: the dispatcher gave up on them (the mail server refused them, or their last allowed
     * attempt failed), or withdrew them as their link was no longer wanted.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<String> neverSent(String category, Collection<String> references) {
        return referencesWhere("status in ('FAILED', 'WITHDRAWN')", category, references);
    }

    /**
     * The references, among these, of the messages of this category in the statuses given. The status is written into
     * the statement, not bound, so that the planner can use the partial index of those statuses (notifications V8 and
     * V11); it is only ever one of the constants above.
     */
    private List<String> referencesWhere(String status, String category, Collection<String> references) {
        if (references.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select secret_link_reference from notifications.outbox
                        where %s and category = :category
                          and secret_link_reference = any(cast(:references as text[]))
                        """.formatted(status))
                .param("category", category)
                .param("references", references.toArray(String[]::new))
                .query(String.class)
                .list();
    }

    /**
     * Deletes the messages marked as {@link Email#about() about} this that were never delivered (failed or withdrawn
     * unsent), once the module has kept what it counts of them: a ballot's, when its voters' records are deleted.
     *
     * @return how many were deleted
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int forgetUnsent(String about) {
        return jdbc.sql("""
                        delete from notifications.outbox
                        where about = :about and status in ('FAILED', 'WITHDRAWN')
                        """).param("about", about).update();
    }

    private void store(Email email, String secretLinkReference) {
        insert(email, secretLinkReference);
        wakeDispatcherAfterCommit();
    }

    private void insert(Email email, String secretLinkReference) {
        insertCopies(email, new String[] {email.to()}, new String[] {secretLinkReference});
    }

    private void wakeDispatcherAfterCommit() {
        wakeDispatcherAfterCommit(Duration.ZERO);
    }

    private void wakeDispatcherAfterCommit(Duration delay) {
        // Mail goes out as soon as what it tells of is committed, rather than at the next scheduled run.
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    dispatcher.ifAvailable(sender -> sender.wakeUpIn(delay));
                }
            });
        }
    }
}
