package org.gpaction.membership.selfservice;

import java.time.Clock;
import java.time.Duration;
import org.gpaction.common.inbox.InboxRows;
import org.gpaction.common.inbox.RunSoon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Acts on requests to join off the request thread: as soon as one is committed, and on a schedule for those an
 * instance that stopped left behind. Each request is taken and acted on in one transaction, so none is acted on
 * twice; one that fails is put off, tried a few times more and then deleted, while the others go on.
 */
@Component
class JoiningWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JoiningWorker.class);

    private final JoiningInbox inbox;
    private final JoinRequests requests;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final RunSoon runs =
            new RunSoon("joining-requests", this::actOnWaiting, log, "Acting on a request to join failed");

    JoiningWorker(
            JoiningInbox inbox, JoinRequests requests, Clock clock, PlatformTransactionManager transactionManager) {
        this.inbox = inbox;
        this.requests = requests;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * Asks for a run soon; calls while one is already waiting add nothing. Also as often as
     * {@code MembershipProperties#checkJoiningEvery()} says (the bound, validated setting, read here).
     */
    @Scheduled(
            fixedDelayString =
                    "#{@'gpaction.membership-org.gpaction.membership.members.MembershipProperties'.checkJoiningEvery().toMillis()}")
    void wakeUp() {
        wakeUpIn(Duration.ZERO);
    }

    void wakeUpIn(Duration delay) {
        runs.in(delay);
    }

    /**
     * Acts on every request waiting; returns how many. A request that fails is put off and the next is taken, so one
     * bad row never holds up those behind it; one that keeps failing is deleted ({@link InboxRows}).
     */
    int actOnWaiting() {
        return InboxRows.actOnEach(
                transactions,
                () -> inbox.takeNext(clock.instant()),
                taken -> requests.answer(inbox.details(taken)),
                id -> inbox.failed(id, clock.instant()),
                log,
                "request to join");
    }

    @Override
    public void destroy() {
        runs.close();
    }
}
