package org.gpaction.events.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.events.catalogue.Events;
import org.gpaction.notifications.internal.OutboxDispatcher;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * An email telling someone they are on the waiting list, held back by a mail server that is down while they are given a
 * place, never arrives after the email of their place.
 */
@GpActionTest
class WaitingListEmailsTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FailedAttempts attempts;

    @Autowired
    Registering registering;

    @Autowired
    Events events;

    @Autowired
    Registrations registrations;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    OutboxDispatcher dispatcher;

    EventsTestData data;
    HeldBackMail heldBack;

    @BeforeEach
    void setUp() {
        data = new EventsTestData(jdbc, port, attempts);
        heldBack = new HeldBackMail(jdbc, transactions, events, registrations);
    }

    @Test
    void theWaitingListEmailHeldBackWhileAPlaceComesUpIsWithdrawn_andTheLastEmailSaysTheyHaveAPlace() {
        long event = data.roadshowInTwoWeeks(1);
        String placed = TestMailbox.uniqueAddress("placed");
        String waiting = TestMailbox.uniqueAddress("waiting");
        String placedCancel = data.confirm(data.registerAndGetConfirmToken(event, placed), placed, "Place confirmed");
        String waitingConfirm = data.registerAndGetConfirmToken(event, waiting);
        heldBack.holdBack(() -> registering.confirm(waitingConfirm, "127.0.0.1"), waiting);

        aPlaceComesUpAndTheMailServerIsBack(placedCancel, waiting);

        assertThat(subjectsAndStatuses(waiting))
                .contains("On the waiting list: WITHDRAWN")
                .doesNotContain("On the waiting list: SENT");
        theirLastEmailSaysTheyHaveAPlace(waiting);
    }

    @Test
    void anAlreadyRegisteredEmailWordedForSomeoneWaitingHeldBackWhileAPlaceComesUpIsWithdrawn() {
        long event = data.roadshowInTwoWeeks(1);
        String placed = TestMailbox.uniqueAddress("placed");
        String waiting = TestMailbox.uniqueAddress("waiting");
        String placedCancel = data.confirm(data.registerAndGetConfirmToken(event, placed), placed, "Place confirmed");
        data.confirm(data.registerAndGetConfirmToken(event, waiting), waiting, "On the waiting list");
        data.forgetRegistrationsFromHere();
        heldBack.holdBack(
                () -> registering.register(
                        event,
                        new RegistrationDetails("Registrant again", waiting, TeamRole.PRACTICE_MANAGER, null),
                        "127.0.0.1"),
                waiting);

        aPlaceComesUpAndTheMailServerIsBack(placedCancel, waiting);

        assertThat(subjectsAndStatuses(waiting))
                .contains("You are already registered: WITHDRAWN")
                .doesNotContain("You are already registered: SENT");
        theirLastEmailSaysTheyHaveAPlace(waiting);
    }

    @Test
    void aChangedEmailWordedForSomeoneWaitingHeldBackWhileAPlaceComesUpIsWithdrawn() {
        long event = data.roadshowInTwoWeeks(1);
        String placed = TestMailbox.uniqueAddress("placed");
        String waiting = TestMailbox.uniqueAddress("waiting");
        String placedCancel = data.confirm(data.registerAndGetConfirmToken(event, placed), placed, "Place confirmed");
        data.confirm(data.registerAndGetConfirmToken(event, waiting), waiting, "On the waiting list");
        heldBack.moveHoldingBackMailTo(event, "10 High Street, London, E1 1AA", waiting);

        aPlaceComesUpAndTheMailServerIsBack(placedCancel, waiting);

        assertThat(subjectsAndStatuses(waiting)).contains("Changed: WITHDRAWN").doesNotContain("Changed: SENT");
        assertThat(theirLastEmailSaysTheyHaveAPlace(waiting))
                .as("the email of their place has the new details")
                .contains("10 High Street");
    }

    /** The one with the place cancels it, and then what was held back for the one waiting is let go. */
    private void aPlaceComesUpAndTheMailServerIsBack(String placedCancel, String waiting) {
        assertThat(registering.cancel(placedCancel, "127.0.0.1")).isPresent();
        data.awaitSubject(waiting, "A place has come up: ");
        jdbc.sql("""
                        update notifications.outbox set next_attempt = now()
                        where recipient = :address and status = 'PENDING'
                        """).param("address", waiting).update();
        dispatcher.wakeUp();
        data.awaitAllSent(waiting);
    }

    /** Asserts the last email they got tells of their place, and returns its body. */
    private String theirLastEmailSaysTheyHaveAPlace(String address) {
        List<String> sent =
                jdbc.sql("""
                        select subject from notifications.outbox
                        where recipient = :address and status = 'SENT' order by sent_at, id
                        """).param("address", address).query(String.class).list();
        assertThat(sent).last().asString().startsWith("A place has come up: ");
        return data.awaitSubject(address, "A place has come up: ").body();
    }

    private List<String> subjectsAndStatuses(String address) {
        return jdbc.sql("""
                        select split_part(subject, ':', 1) || ': ' || status from notifications.outbox
                        where recipient = :address
                        """).param("address", address).query(String.class).list();
    }
}
