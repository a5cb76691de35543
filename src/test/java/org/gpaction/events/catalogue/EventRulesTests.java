package org.gpaction.events.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventRulesTests {

    private static final Instant NOW = Instant.parse("2024-06-20T10:00:00Z");
    private static final Instant START = Instant.parse("2024-07-02T18:00:00Z");

    private static EventDetails webinar(String joiningLink) {
        return new EventDetails(
                "  Webinar  ",
                EventKind.WEBINAR,
                null,
                Region.LONDON,
                "A venue nobody needs",
                null,
                joiningLink,
                START,
                START.plus(Duration.ofHours(1)),
                500,
                "What it covers",
                null,
                null);
    }

    private static EventDetails roadshow(String address, String description) {
        return new EventDetails(
                "Roadshow",
                EventKind.ROADSHOW,
                "Kent LMC",
                null,
                "The hall",
                address,
                null,
                START,
                START.plus(Duration.ofHours(2)),
                50,
                description,
                null,
                null);
    }

    @Test
    void lineBreaksInTheAddressAndWhatItCoversAreKept_CrlfBecomingLf_AndSpacesAroundTrimmed() {
        EventDetails checked =
                EventRules.check(roadshow(" 1 High Street\r\nMaidstone \r\n", "Talks\r\n\r\nand questions\n"), NOW);
        assertThat(checked.address()).isEqualTo("1 High Street\nMaidstone");
        assertThat(checked.description()).isEqualTo("Talks\n\nand questions");
    }

    @Test
    void aTabInTheAddressOrAStrayCarriageReturnInWhatItCoversIsRefusedNamingTheField_notDropped() {
        assertThatThrownBy(() -> EventRules.check(roadshow("1 High Street\tMaidstone", "Talks\rand questions"), NOW))
                .isInstanceOfSatisfying(
                        InvalidEvent.class,
                        e -> assertThat(e.problems())
                                .containsOnlyKeys("address", "description")
                                .containsEntry(
                                        "address", "The address must not contain control characters, such as tabs")
                                .containsEntry(
                                        "description",
                                        "What it covers must not contain control characters, such as tabs"));
        assertThatThrownBy(() -> EventRules.check(roadshow("\t1 High Street", "Talks\r"), NOW))
                .as("at the start or end too")
                .isInstanceOfSatisfying(
                        InvalidEvent.class, e -> assertThat(e.problems()).containsOnlyKeys("address", "description"));
    }

    @Test
    void aTabOrALineBreakAroundAOneLineFieldIsRefusedNamingTheField_notTrimmedAway() {
        EventDetails roadshow = new EventDetails(
                "\tRoadshow",
                EventKind.ROADSHOW,
                "Kent LMC\n",
                null,
                "\r\nThe hall",
                "1 High Street",
                null,
                START,
                START.plus(Duration.ofHours(2)),
                50,
                "Talks",
                null,
                "Safe working\r");
        assertThatThrownBy(() -> EventRules.check(roadshow, NOW))
                .isInstanceOfSatisfying(
                        InvalidEvent.class,
                        e -> assertThat(e.problems())
                                .containsOnlyKeys("title", "lmc", "venue", "campaign")
                                .containsEntry(
                                        "title",
                                        "The title must not contain control characters, such as tabs or line breaks")
                                .containsEntry(
                                        "venue",
                                        "The venue must not contain control characters, such as tabs or line breaks"));
        assertThatThrownBy(() -> EventRules.check(webinar("https://meet.example.org/j/1\n"), NOW))
                .isInstanceOfSatisfying(
                        InvalidEvent.class, e -> assertThat(e.problems()).containsOnlyKeys("joiningLink"));
    }

    @Test
    void spacesAroundAOneLineFieldAreStillTrimmed() {
        EventDetails checked = EventRules.check(
                new EventDetails(
                        "  Roadshow ",
                        EventKind.ROADSHOW,
                        " Kent LMC ",
                        null,
                        " The hall ",
                        "1 High Street",
                        null,
                        START,
                        START.plus(Duration.ofHours(2)),
                        50,
                        "Talks",
                        null,
                        " Safe working "),
                NOW);
        assertThat(checked.title()).isEqualTo("Roadshow");
        assertThat(checked.lmc()).isEqualTo("Kent LMC");
        assertThat(checked.venue()).isEqualTo("The hall");
        assertThat(checked.campaign()).isEqualTo("Safe working");
        assertThat(EventRules.check(webinar(" https://meet.example.org/j/1 "), NOW)
                        .joiningLink())
                .isEqualTo("https://meet.example.org/j/1");
    }

    @Test
    void aWebinarNeedsAnHttpsJoiningLinkAndKeepsNoVenue() {
        EventDetails checked = EventRules.check(webinar("https://meet.example.org/j/1"), NOW);
        assertThat(checked.title()).isEqualTo("Webinar");
        assertThat(checked.venue()).isNull();
        assertThatThrownBy(() -> EventRules.check(webinar("http://meet.example.org/j/1"), NOW))
                .isInstanceOfSatisfying(
                        InvalidEvent.class, e -> assertThat(e.problems()).containsOnlyKeys("joiningLink"));
        assertThatThrownBy(() -> EventRules.check(webinar("javascript:alert(1)"), NOW))
                .isInstanceOf(InvalidEvent.class);
    }

    @Test
    void anEventNeedsAHostLmcOrARegion() {
        EventDetails noHost = new EventDetails(
                "Roadshow",
                EventKind.ROADSHOW,
                " ",
                null,
                "Hall",
                "Street",
                null,
                START,
                START.plus(Duration.ofHours(2)),
                10,
                "Covers",
                null,
                null);
        assertThatThrownBy(() -> EventRules.check(noHost, NOW))
                .isInstanceOfSatisfying(
                        InvalidEvent.class, e -> assertThat(e.problems()).containsOnlyKeys("lmc"));
    }

    @Test
    void anEventMustEndAfterItStartsAndLastAtMostTwelveHours() {
        EventDetails backwards = new EventDetails(
                "Roadshow",
                EventKind.ROADSHOW,
                "Leeds LMC",
                null,
                "Hall",
                "Street",
                null,
                START,
                START.minus(Duration.ofHours(1)),
                10,
                "Covers",
                null,
                null);
        assertThatThrownBy(() -> EventRules.check(backwards, NOW))
                .isInstanceOfSatisfying(
                        InvalidEvent.class, e -> assertThat(e.problems()).containsOnlyKeys("endsAt"));
        EventDetails marathon = new EventDetails(
                "Roadshow",
                EventKind.ROADSHOW,
                "Leeds LMC",
                null,
                "Hall",
                "Street",
                null,
                START,
                START.plus(Duration.ofHours(13)),
                10,
                "Covers",
                null,
                null);
        assertThatThrownBy(() -> EventRules.check(marathon, NOW)).isInstanceOf(InvalidEvent.class);
    }

    @Test
    void theReminderIsDueAtNineInTheMorningUkTimeTheDayBefore() {
        // 2 July 2024 at 7pm BST: the reminder is due on 1 July at 9am BST, 8am UTC.
        assertThat(EventRules.reminderDue(START)).isEqualTo(Instant.parse("2024-07-01T08:00:00Z"));
        // In winter UK time is UTC.
        assertThat(EventRules.reminderDue(Instant.parse("2024-12-03T19:00:00Z")))
                .isEqualTo(Instant.parse("2024-12-02T09:00:00Z"));
    }
}
