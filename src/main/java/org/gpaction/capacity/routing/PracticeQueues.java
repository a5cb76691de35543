package org.gpaction.capacity.routing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.practices.Practice;

/**
 * Where requests wait for their outcome. Requests for one practice queue in the JVM in the order they came; whoever
 * takes the queue's lock decides every request waiting, handing each practice's day's requests to the
 * {@link DayDecider} together, so a busy practice's requests are decided many from one read of its day instead of
 * each waiting for the day in turn. Many clients on one practice would otherwise each take a pool
 * connection only to queue on the day's row, leaving other practices' requests, and their own, waiting for
 * connections in no order, the unlucky ones for long.
 *
 * <p>The others wait without queueing for the lock: the decider wakes each request it answered, and then the first
 * still waiting, which decides next. When each answered request still took the lock in turn only to find its answer,
 * one thread woken after another, the last of 64 on a busy practice waited for all the others.
 */
final class PracticeQueues {

    /** Stripes of the queues: practices whose codes share a stripe share its queue, which is rarely felt. */
    static final int STRIPES = 1_024;
    /** The most requests decided together under one hold of a day's lock. */
    static final int MOST_TOGETHER = 128;
    /** How long a waiting request sleeps before looking again if no wake comes (one always should). */
    static final long MOST_PARKED_NANOS = 10_000_000;

    /** A request as it waits: for which practice, what was asked, who recorded it, when, and the day it falls on. */
    record Pending(Practice practice, Router.Request request, String recordedBy, Instant now, LocalDate day) {

        Pending(Practice practice, Router.Request request, String recordedBy, Instant now) {
            this(practice, request, recordedBy, now, PracticeCalendar.dayOf(now));
        }
    }

    /** Decides one practice's day's requests, in the order they came, and answers each in that order once committed. */
    interface DayDecider {
        List<Routing.Routed> decide(List<Pending> together);
    }

    private final DayDecider decider;
    private final long mostParkedNanos;
    private final Stripe[] stripes = new Stripe[STRIPES];

    PracticeQueues(DayDecider decider) {
        this(decider, MOST_PARKED_NANOS);
    }

    /** With a longer guard in tests, which prove that every waiting request is woken without it. */
    PracticeQueues(DayDecider decider, long mostParkedNanos) {
        this.decider = decider;
        this.mostParkedNanos = mostParkedNanos;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** Requests waiting to be decided and the lock of whoever decides them. */
    private static final class Stripe {
        final ReentrantLock deciding = new ReentrantLock();
        final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    }

    /**
     * A request waiting for its outcome, and the thread that waits for it; the outcome is set, under the stripe's
     * lock, once it is committed, and read by the waiting thread without the lock.
     */
    private static final class Waiting {
        final Pending pending;
        final Thread thread = Thread.currentThread();
        volatile Routing.Routed routed;
        volatile RuntimeException failed;

        Waiting(Pending pending) {
            this.pending = pending;
        }

        boolean answered() {
            return routed != null || failed != null;
        }
    }

    /** Waits for the request's outcome, deciding it and the others waiting if nobody else is. */
    Routing.Routed route(Pending pending) {
        Waiting mine = new Waiting(pending);
        Stripe stripe = stripes[Math.floorMod(pending.practice().odsCode().hashCode(), STRIPES)];
        stripe.waiting.add(mine);
        while (!mine.answered()) {
            if (stripe.deciding.tryLock()) {
                decideWaiting(stripe, mine);
            } else {
                // Woken when answered or when the decider lets the lock go; the timeout only guards a missed wake.
                LockSupport.parkNanos(this, mostParkedNanos);
            }
        }
        if (mine.failed != null) {
            throw mine.failed;
        }
        return mine.routed;
    }

    /** Holding the stripe's lock, decides what is waiting until {@code mine} is answered, then wakes the others. */
    private void decideWaiting(Stripe stripe, Waiting mine) {
        List<Waiting> answered = new ArrayList<>();
        try {
            while (!mine.answered()) {
                List<Waiting> taken = new ArrayList<>();
                for (Waiting next; taken.size() < MOST_TOGETHER && (next = stripe.waiting.poll()) != null; ) {
                    taken.add(next);
                }
                if (taken.isEmpty()) {
                    break;
                }
                try {
                    decide(taken);
                } finally {
                    // Whatever went wrong, no request taken from the queue is left waiting for an answer forever.
                    for (Waiting waiting : taken) {
                        if (!waiting.answered()) {
                            waiting.failed = new IllegalStateException("The request could not be decided");
                        }
                    }
                    answered.addAll(taken);
                }
            }
        } finally {
            stripe.deciding.unlock();
            for (Waiting waiting : answered) {
                if (waiting != mine) {
                    LockSupport.unpark(waiting.thread);
                }
            }
            Waiting next = stripe.waiting.peek();
            if (next != null) {
                LockSupport.unpark(next.thread);
            }
        }
    }

    /** Decides requests taken from a queue, each practice's day on its own; a failure fails only its own day's. */
    private void decide(List<Waiting> taken) {
        Map<String, List<Waiting>> byDay = new LinkedHashMap<>();
        for (Waiting waiting : taken) {
            byDay.computeIfAbsent(
                            waiting.pending.practice().odsCode() + "/" + waiting.pending.day(),
                            key -> new ArrayList<>())
                    .add(waiting);
        }
        for (List<Waiting> together : byDay.values()) {
            try {
                List<Routing.Routed> routed = decider.decide(
                        together.stream().map(waiting -> waiting.pending).toList());
                for (int i = 0; i < together.size(); i++) {
                    together.get(i).routed = routed.get(i);
                }
            } catch (RuntimeException failed) {
                together.forEach(waiting -> waiting.failed = failed);
            }
        }
    }
}
