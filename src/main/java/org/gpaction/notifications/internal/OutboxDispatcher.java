package org.gpaction.notifications.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.gpaction.common.AddressesLeftOut;
import org.gpaction.notifications.SecretLinks;
import org.gpaction.notifications.StillWanted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends what is due in the outbox: on a schedule, and as soon as a transaction that added mail commits. Each
 * batch is claimed with row locks that other instances skip, and its outcome is recorded in the same
 * transaction, so a message is sent once unless the process dies between sending and committing. The secret links
 * a batch carries are made in a transaction of their own, committed before the batch goes to the mail server: a
 * link works from the moment its message can arrive, and what making it locks (a voter's credential) is not held
 * while the server takes its time. That transaction also records that sending those messages began, so that an attempt
 * whose outcome a stop left unrecorded is known when they are claimed again: a module that counts what went keeps
 * counting such a message even if it withdraws it then ({@link SecretLinks#mintAfterUnrecordedAttempt}).
 */
public class OutboxDispatcher implements SmartLifecycle, DisposableBean {

    static final int BATCH_SIZE = 100;

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);

    private final OutboxRepository outbox;
    private final TransactionTemplate transactions;
    private final TransactionTemplate linkMaking;
    private final MailDelivery delivery;
    private final MailProperties properties;
    private final Clock clock;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "outbox-dispatcher");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final ReentrantLock dispatching = new ReentrantLock();
    private volatile boolean running;
    private boolean autoStartup = true;
    private final Map<String, SecretLinks> secretLinks;
    private final Map<String, StillWanted> stillWanted;

    OutboxDispatcher(
            OutboxRepository outbox,
            TransactionTemplate transactions,
            MailDelivery delivery,
            MailProperties properties,
            Clock clock,
            List<SecretLinks> secretLinks,
            List<StillWanted> stillWanted) {
        this.secretLinks = new HashMap<>();
        secretLinks.forEach(links -> this.secretLinks.put(links.category(), links));
        this.stillWanted = new HashMap<>();
        stillWanted.forEach(wanted -> this.stillWanted.put(wanted.category(), wanted));
        this.outbox = outbox;
        this.transactions = transactions;
        this.linkMaking = new TransactionTemplate(transactions.getTransactionManager());
        this.linkMaking.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.delivery = delivery;
        this.properties = properties;
        this.clock = clock;
    }

    /** Asks for a run soon, off the caller's thread; calls while one is already waiting add nothing. */
    public void wakeUp() {
        wakeUpIn(Duration.ZERO);
    }

    /** Asks for a run after this delay, off the caller's thread; calls while one is already waiting add nothing. */
    public void wakeUpIn(Duration delay) {
        if (running && wanted.compareAndSet(false, true)) {
            worker.schedule(
                    () -> {
                        wanted.set(false);
                        try {
                            dispatchWhile(() -> running);
                        } catch (RuntimeException e) {
                            log.warn(
                                    "Sending mail from the outbox failed; the next run tries again",
                                    AddressesLeftOut.of(e));
                        }
                    },
                    delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Sends everything due now, batch after batch; returns how many messages were sent. */
    int dispatchDue() {
        return dispatchWhile(() -> true);
    }

    private int dispatchWhile(BooleanSupplier carryOn) {
        dispatching.lock();
        try {
            int sent = 0;
            Batch batch;
            do {
                batch = transactions.execute(status -> sendBatch());
                sent += batch.sent();
            } while (batch.claimed() == BATCH_SIZE && carryOn.getAsBoolean());
            return sent;
        } finally {
            dispatching.unlock();
        }
    }

    private record Batch(int claimed, int sent) {}

    private Batch sendBatch() {
        List<QueuedEmail> due = outbox.claimDue(clock.instant(), BATCH_SIZE);
        List<QueuedEmail> ready = new ArrayList<>(due.size());
        List<QueuedEmail> withLinks = new ArrayList<>();
        for (QueuedEmail queued : due) {
            (queued.secretLinkReference() == null ? ready : withLinks).add(queued);
        }
        List<Long> marked = List.of();
        if (!withLinks.isEmpty()) {
            // The claim's row locks stay with this transaction; the links are made and committed in their own, which
            // touches no outbox row (a withdrawal is recorded here, after it), so it never waits on this one. Its mark
            // that sending began outlives a stop before this one commits: that attempt may have delivered them.
            Links links = linkMaking.execute(status -> {
                Links made = makeLinks(withLinks);
                outbox.sendingBegins(made.marked());
                return made;
            });
            ready.addAll(links.made());
            links.withdrawn().forEach(w -> outbox.markWithdrawn(w.id(), clock.instant(), w.forgetAddress()));
            marked = links.marked();
        }
        Map<Long, DeliveryFailed> failures = ready.isEmpty() ? Map.of() : delivery.deliverAll(ready);
        List<Long> sent = new ArrayList<>(ready.size());
        Set<Long> stillMayHaveGone = new HashSet<>();
        for (QueuedEmail email : ready) {
            DeliveryFailed failure = failures.get(email.id());
            if (failure == null) {
                sent.add(email.id());
            } else if (recordFailure(email, failure) && (email.mayHaveGone() || failure.mayHaveGone())) {
                stillMayHaveGone.add(email.id());
            }
        }
        outbox.markSent(sent, clock.instant());
        // A message tried again keeps its mark while a copy of it may have gone: this attempt's, or an earlier one's.
        outbox.sendingEnded(
                marked.stream().filter(id -> !stillMayHaveGone.contains(id)).toList());
        return new Batch(due.size(), sent.size());
    }

    /**
     * The messages with their links made, those no longer wanted, and the ids of those marked as sending began: each
     * whose link a {@link SecretLinks} made, and each still marked by an earlier attempt (a stop left its outcome
     * unrecorded), whatever comes of it now. A message under a {@link StillWanted} check is not marked: nothing reads it.
     */
    private record Links(List<QueuedEmail> made, List<Withdrawal> withdrawn, List<Long> marked) {}

    /** A message no longer wanted, and whether its address goes with it. */
    private record Withdrawal(long id, boolean forgetAddress) {}

    private Links makeLinks(List<QueuedEmail> queued) {
        List<QueuedEmail> made = new ArrayList<>(queued.size());
        List<Withdrawal> withdrawn = new ArrayList<>();
        List<Long> marked = new ArrayList<>();
        for (QueuedEmail email : queued) {
            var links = secretLinks.get(email.category());
            Optional<Link> link = linkIfWanted(email, links);
            if (link.isEmpty()) {
                withdrawn.add(new Withdrawal(email.id(), links != null && links.forgetsAddressOfWithdrawn()));
            } else {
                made.add(email.withLink(link.get().text()));
            }
            if (email.mayHaveGone() || link.map(Link::minted).orElse(false)) {
                marked.add(email.id());
            }
        }
        return new Links(made, withdrawn, marked);
    }

    /** A message's link, and whether a {@link SecretLinks} made it (not a {@link StillWanted} check's nothing). */
    private record Link(String text, boolean minted) {}

    /**
     * The message's link, or for one sent with a reference and no link the nothing its body is made with, while it is
     * still wanted; empty when it is not, or nothing serves its category.
     */
    private Optional<Link> linkIfWanted(QueuedEmail email, SecretLinks links) {
        StillWanted wanted = stillWanted.get(email.category());
        if (wanted != null) {
            return wanted.stillWanted(email.secretLinkReference())
                    ? Optional.of(new Link("", false))
                    : Optional.empty();
        }
        if (links == null) {
            return Optional.empty();
        }
        Optional<String> minted = email.mayHaveGone()
                ? links.mintAfterUnrecordedAttempt(email.secretLinkReference())
                : links.mint(email.secretLinkReference());
        return minted.map(text -> new Link(text, true));
    }

    /** @return whether the message is to be tried again */
    private boolean recordFailure(QueuedEmail email, DeliveryFailed failure) {
        Instant now = clock.instant();
        int attempts = email.attempts() + 1;
        String error = failure.getMessage();
        String logged = Failures.withoutAddresses(error, email.to());
        if (failure.permanent() || attempts >= properties.maxAttempts()) {
            outbox.markFailed(email.id(), now, error);
            log.warn(
                    "Gave up on outbox message {} ({}) after {} attempt(s): {}",
                    email.id(),
                    email.category(),
                    attempts,
                    logged);
            return false;
        } else {
            Instant next = now.plus(properties.delayAfter(attempts));
            outbox.markForRetry(email.id(), now, next, error);
            log.info(
                    "Outbox message {} ({}) not sent on attempt {}, trying again at {}: {}",
                    email.id(),
                    email.category(),
                    attempts,
                    next,
                    logged);
            return true;
        }
    }

    /** This instance leaves sending to the others (e.g. one that only takes votes on ballot day). */
    void neverStart() {
        autoStartup = false;
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public void start() {
        running = true;
        wakeUp();
    }

    /** Stops claiming messages and waits for the batch in hand, so that shutting down never strands one. */
    @Override
    public void stop() {
        running = false;
        dispatching.lock();
        dispatching.unlock();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
