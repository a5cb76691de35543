package org.gpaction.events.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** One address can send only so many registrations and try only so many unknown links; a real link always works. */
@GpActionTest
class RegistrationLimitsTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FailedAttempts attempts;

    @Autowired
    Registering registering;

    @Autowired
    EventsProperties properties;

    EventsTestData data;

    @BeforeEach
    void setUp() {
        data = new EventsTestData(jdbc, port, attempts);
    }

    @Test
    void anAddressSendingTooManyRegistrationsIsRefusedUntilTheWindowPasses() {
        long event = data.roadshowInTwoWeeks(500);
        String address = "198.51.100." + (1 + (int) (Math.random() * 250)) + "-" + UUID.randomUUID();
        for (int i = 0; i < properties.registrationsPerAddress(); i++) {
            registering.register(event, details(TestMailbox.uniqueAddress("flood")), address);
        }
        assertThatThrownBy(() -> registering.register(event, details(TestMailbox.uniqueAddress("flood")), address))
                .isInstanceOf(Registering.TooManyRequests.class);
    }

    @Test
    void oneEmailAddressIsSentOnlySoManyRegistrationEmailsHoweverManyNetworkAddressesAsk() {
        long event = data.roadshowInTwoWeeks(500);
        long another = data.roadshowInTwoWeeks(500);
        String victim = TestMailbox.uniqueAddress("victim");
        for (int i = 0; i < properties.emailsPerRecipient(); i++) {
            registering.register(
                    i % 2 == 0 ? event : another, details(victim), "192.0.2." + i + "-" + UUID.randomUUID());
        }
        assertThat(emailsTo(victim)).isEqualTo(properties.emailsPerRecipient());

        // Typed otherwise, from yet another address, for a third event: answered the same, nothing sent or stored.
        long third = data.roadshowInTwoWeeks(500);
        registering.register(third, details("  " + victim.toUpperCase(java.util.Locale.ROOT) + " "), "192.0.2.200");
        assertThat(emailsTo(victim)).isEqualTo(properties.emailsPerRecipient());
        assertThat(jdbc.sql("select count(*) from events.registration where event_id = :event")
                        .param("event", third)
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void unknownLinksArePausedButARealLinkFromThatAddressStillWorks() {
        long event = data.roadshowInTwoWeeks(5);
        String email = TestMailbox.uniqueAddress("real");
        String realToken = data.registerAndGetConfirmToken(event, email);
        String address = "203.0.113.9-" + UUID.randomUUID();
        for (int i = 0; i < properties.unknownLinksPerAddress(); i++) {
            assertThat(registering.pending("u" + UUID.randomUUID().toString().replace("-", ""), address))
                    .isEmpty();
        }
        assertThatThrownBy(() ->
                        registering.pending("u" + UUID.randomUUID().toString().replace("-", ""), address))
                .isInstanceOf(Registering.LinksPaused.class);
        assertThat(registering.confirm(realToken, address)).isPresent();
    }

    @Test
    void invalidDetailsAreRefusedWithWhatToFixAndNothingIsStored() {
        long event = data.roadshowInTwoWeeks(5);
        assertThatThrownBy(() -> registering.register(
                        event, new RegistrationDetails("", "not-an-email", null, "=HYPERLINK(1)"), "192.0.2.1"))
                .isInstanceOfSatisfying(
                        InvalidRegistration.class,
                        e -> assertThat(e.problems()).containsKeys("name", "email", "role", "practice"));
        assertThat(jdbc.sql("select count(*) from events.registration where event_id = :event")
                        .param("event", event)
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    private int emailsTo(String email) {
        return jdbc.sql("select count(*) from notifications.outbox where lower(recipient) = lower(:to)")
                .param("to", email)
                .query(Integer.class)
                .single();
    }

    private static RegistrationDetails details(String email) {
        return new RegistrationDetails("Flo Od", email, TeamRole.RECEPTION, null);
    }
}
