package org.gpaction.capacity.routing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.gpaction.capacity.setup.Signpost;
import org.gpaction.common.UkTime;
import org.gpaction.practices.Practice;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A busy practice's requests decided together (see {@link PracticeQueues}): one read of the day, each request given
 * its outcome from the room those before it left, and one write of them all that holds only if the day is as read.
 */
final class DecidingTogether {

    private final DayFactsReader reader;
    private final PracticeDay days;
    private final DayWrites writes;
    private final TransactionTemplate transaction;

    DecidingTogether(DayFactsReader reader, PracticeDay days, DayWrites writes, TransactionTemplate transaction) {
        this.reader = reader;
        this.days = days;
        this.writes = writes;
        this.transaction = transaction;
    }

    /**
     * Decides a practice's waiting requests in the order they came: reads the day once, gives each request its outcome
     * from the room the ones before it left, and writes them all and the clinicians' counts in one statement, which
     * commits on its own and writes nothing if the day has changed since it was read. Then the requests are read and
     * decided again, and after {@link Routing#OPTIMISTIC_TRIES} tries holding the day's lock (so does a day's first
     * request, which opens the day). Nobody is answered before the requests are committed.
     */
    List<Routing.Routed> decide(List<PracticeQueues.Pending> together) {
        PracticeQueues.Pending first = together.get(0);
        Practice practice = first.practice();
        LocalDate day = first.day();
        Instant latest = together.get(together.size() - 1).now();
        for (int attempt = 1; attempt <= Routing.OPTIMISTIC_TRIES; attempt++) {
            DayFacts facts = reader.facts(practice.odsCode(), day, latest)
                    .orElseThrow(() -> Routing.notSetUp(practice.odsCode()));
            if (!facts.opened()) {
                break;
            }
            Optional<List<Routing.Routed>> written = decideAll(practice, day, facts, together);
            if (written.isPresent()) {
                return written.get();
            }
        }
        return transaction.execute(status -> decideAll(practice, day, factsUnderLock(practice, day, latest), together)
                .orElseThrow(() -> new IllegalStateException("The day lock lets nobody else change the day")));
    }

    /**
     * Takes the day's lock, in the caller's transaction, and reads the day again under it: what a decision taken
     * holding the lock decides from. A set-up save takes the same lock, so the urgent reserve, what happens when full
     * and the rest of the set-up are as they are now, not as an earlier read found them; action 1 and any pause are
     * read at this moment too, though they are changed under locks of their own, not this one ({@link DayWrites} says
     * why a decision written after one of those from an earlier read needs none).
     */
    DayFacts factsUnderLock(Practice practice, LocalDate day, Instant at) {
        days.lock(practice.odsCode(), day);
        return reader.facts(practice.odsCode(), day, at).orElseThrow(() -> Routing.notSetUp(practice.odsCode()));
    }

    /** Decides the requests from the facts and writes them if the day is still as the facts found it. */
    private Optional<List<Routing.Routed>> decideAll(
            Practice practice, LocalDate day, DayFacts facts, List<PracticeQueues.Pending> together) {
        List<ClinicianLoad> loads = new ArrayList<>(facts.clinicians());
        int nhs111Booked = facts.nhs111Booked();
        // One count of the days promised for the whole batch: none of its requests is written until all are.
        Supplier<Optional<LocalDate>> waitingListDay = facts.waitingListDays().start();
        List<DayWrites.Row> rows = new ArrayList<>(together.size());
        List<Routing.Routed> routed = new ArrayList<>(together.size());
        for (PracticeQueues.Pending waiting : together) {
            Router.Request request = waiting.request();
            Router.Situation situation =
                    facts.situation(practice, request, waiting.now(), day, loads, nhs111Booked, waitingListDay);
            Router.Decision decision = Router.decide(situation, request);
            LocalDateTime at = waiting.now().atZone(UkTime.ZONE).toLocalDateTime();
            if (decision instanceof Router.Booked booked) {
                if (Router.takesNhs111Appointment(request.channel(), request.kind(), booked.clinician() != null)) {
                    nhs111Booked++;
                }
                ClinicianLoad after = null;
                if (booked.clinician() != null) {
                    int index = loads.indexOf(booked.clinician());
                    ClinicianLoad before = loads.get(index);
                    after = before.withOneMore();
                    loads.set(index, after);
                }
                rows.add(DayWrites.Row.booked(
                        waiting.now(), request, waiting.recordedBy(), after, Router.fills(situation, decision)));
                routed.add(new Routing.Routed(0, decision, after, after == null ? null : after.used(), List.of(), at));
            } else {
                ZonedDateTime local = waiting.now().atZone(UkTime.ZONE);
                List<Signpost> signposts = facts.setup().signpostsInOrderAt(local.getDayOfWeek(), local.toLocalTime());
                rows.add(DayWrites.Row.without(waiting.now(), request, waiting.recordedBy(), decision, signposts));
                routed.add(new Routing.Routed(0, decision, null, null, signposts, at));
            }
        }
        return writes.recordTogether(
                        practice.odsCode(),
                        day,
                        facts.changes(),
                        facts.capLimit(),
                        nhs111Booked - facts.nhs111Booked(),
                        rows)
                .map(ids -> {
                    List<Routing.Routed> answered = new ArrayList<>(routed.size());
                    for (int i = 0; i < routed.size(); i++) {
                        Routing.Routed one = routed.get(i);
                        answered.add(new Routing.Routed(
                                ids.get(i),
                                one.decision(),
                                one.clinician(),
                                one.contactNumber(),
                                one.signposts(),
                                one.at()));
                    }
                    return answered;
                });
    }
}
