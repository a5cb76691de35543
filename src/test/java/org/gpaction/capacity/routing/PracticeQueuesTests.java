package org.gpaction.capacity.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.gpaction.practices.Practice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The queues alone, with a decider that records what it is given: no database. The guard on a waiting request's
 * sleep is an hour here, so a request that is not woken by whoever answered it (or by whoever let the lock go
 * before it) keeps the test from finishing.
 */
class PracticeQueuesTests {

    static final long AN_HOUR = TimeUnit.HOURS.toNanos(1);
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    final ExecutorService clients = Executors.newFixedThreadPool(48);

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    static Practice practice(String ods) {
        return new Practice(ods, "Practice " + ods, null, null, null, null, null, null, null, null, null, null);
    }

    static PracticeQueues.Pending pending(String ods) {
        return new PracticeQueues.Pending(
                practice(ods), new Router.Request(Channel.RECEPTION, RequestKind.ROUTINE, null), "reception", NOW);
    }

    /** Answers each request with the next id, taking a few milliseconds a day as a commit would. */
    static final class RecordingDecider implements PracticeQueues.DayDecider {
        final AtomicLong ids = new AtomicLong();
        final List<Integer> together = Collections.synchronizedList(new ArrayList<>());
        /** By identity: requests alike are still each their own. */
        final Set<PracticeQueues.Pending> seen =
                Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

        volatile String failFor;

        @Override
        public List<Routing.Routed> decide(List<PracticeQueues.Pending> requests) {
            together.add(requests.size());
            requests.forEach(request -> assertThat(seen.add(request)).isTrue());
            try {
                Thread.sleep(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (requests.get(0).practice().odsCode().equals(failFor)) {
                throw new IllegalStateException("the day of " + failFor + " could not be read");
            }
            return requests.stream()
                    .map(request -> new Routing.Routed(ids.incrementAndGet(), null, null, null, List.of(), null))
                    .toList();
        }
    }

    List<Future<Routing.Routed>> race(PracticeQueues queues, List<PracticeQueues.Pending> requests) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Routing.Routed>> answers = new ArrayList<>();
        for (PracticeQueues.Pending request : requests) {
            answers.add(clients.submit(() -> {
                start.await();
                return queues.route(request);
            }));
        }
        start.countDown();
        return answers;
    }

    @Test
    void everyRequestIsDecidedOnceAndEveryWaiterIsWokenByTheDecider() throws Exception {
        RecordingDecider decider = new RecordingDecider();
        PracticeQueues queues = new PracticeQueues(decider, AN_HOUR);
        for (int round = 0; round < 20; round++) {
            List<PracticeQueues.Pending> requests = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                requests.add(pending("A81001"));
            }
            Set<Long> ids = new HashSet<>();
            for (Future<Routing.Routed> answer : race(queues, requests)) {
                // Far less than the hour a missed wake would cost.
                ids.add(answer.get(30, TimeUnit.SECONDS).id());
            }
            assertThat(ids).as("each request its own answer").hasSize(48);
        }
        assertThat(decider.seen).hasSize(20 * 48);
        assertThat(decider.together.stream().mapToInt(Integer::intValue).sum()).isEqualTo(20 * 48);
        assertThat(decider.together)
                .as("requests really waited and were decided together")
                .anyMatch(n -> n > 1);
        assertThat(decider.together).allMatch(n -> n <= PracticeQueues.MOST_TOGETHER);
    }

    @Test
    void aDayThatCannotBeDecidedFailsOnlyItsOwnRequests() throws Exception {
        // Two practices whose queues share a stripe, so their requests are taken together.
        String failing = "A81001";
        String other = sameStripeAs(failing);
        RecordingDecider decider = new RecordingDecider();
        decider.failFor = failing;
        PracticeQueues queues = new PracticeQueues(decider, AN_HOUR);
        for (int round = 0; round < 10; round++) {
            List<PracticeQueues.Pending> requests = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                requests.add(pending(i % 2 == 0 ? failing : other));
            }
            List<Future<Routing.Routed>> answers = race(queues, requests);
            for (int i = 0; i < answers.size(); i++) {
                Future<Routing.Routed> answer = answers.get(i);
                if (i % 2 == 0) {
                    assertThatThrownBy(() -> answer.get(30, TimeUnit.SECONDS))
                            .isInstanceOf(ExecutionException.class)
                            .hasRootCauseMessage("the day of A81001 could not be read");
                } else {
                    assertThat(answer.get(30, TimeUnit.SECONDS).id()).isPositive();
                }
            }
        }
        assertThat(decider.seen).hasSize(10 * 40);
    }

    static String sameStripeAs(String ods) {
        int stripe = Math.floorMod(ods.hashCode(), PracticeQueues.STRIPES);
        for (int n = 1; ; n++) {
            String candidate = "Y" + String.format("%05d", n);
            if (Math.floorMod(candidate.hashCode(), PracticeQueues.STRIPES) == stripe) {
                return candidate;
            }
        }
    }
}
