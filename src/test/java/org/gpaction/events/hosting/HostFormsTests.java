package org.gpaction.events.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gpaction.common.UkTime;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.Events;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two hosts working on one event at once each save what they did, and no more: a change saved from a page opened
 * before someone else's is refused, attendance saved from one page leaves the ticks of another, and a publish form
 * sent twice publishes one event.
 */
@GpActionTest
class HostFormsTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FailedAttempts attempts;

    @Autowired
    Events events;

    EventsTestData data;

    @BeforeEach
    void setUp() {
        data = new EventsTestData(jdbc, port, attempts);
    }

    @Test
    void aChangeSavedFromAPageOpenedBeforeAnotherChangeIsRefusedAndChangesAndEmailsNothing() {
        String title = EventsTestData.title("Roadshow");
        long id = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofDays(14)), 5));
        String coming = TestMailbox.uniqueAddress("coming");
        data.confirm(data.registerAndGetConfirmToken(id, coming), coming, "Place confirmed");
        String edit = "/hosting/events/" + id + "/edit";
        Event opened = events.find(id).orElseThrow();
        Http officer = data.signedInHost();
        Http admin = data.signedInHost();
        Map<String, String> older = EventsTestData.hostForm(opened, officer.get(edit));
        Map<String, String> newer = EventsTestData.hostForm(opened, admin.get(edit));

        newer.put("venue", "Hall B, Civic Centre");
        Http.Response moved = admin.postForm(edit, newer);
        assertThat(moved.status()).as(moved.body()).isEqualTo(302);
        assertThat(data.awaitSubject(coming, "Changed: " + title).body()).contains("Hall B, Civic Centre");

        older.put("description", opened.description() + " Bring your practice's figures.");
        Http.Response stale = officer.postForm(edit, older);
        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        assertThat(stale.body())
                .contains("This event was changed on ")
                .contains("after you opened this page")
                .as("the page shows the event as it is now")
                .contains("Hall B, Civic Centre");
        Map<String, String> unversioned = new HashMap<>(older);
        unversioned.remove("version");
        assertThat(officer.postForm(edit, unversioned).status())
                .as("a form that does not say which version it changes is refused too")
                .isEqualTo(409);
        Event after = events.find(id).orElseThrow();
        assertThat(after.venue()).isEqualTo("Hall B, Civic Centre");
        assertThat(after.description()).isEqualTo(opened.description());
        data.awaitAllSent(coming);
        assertThat(TestMailbox.messagesTo(coming))
                .as("one notice, of the new venue")
                .filteredOn(m -> m.subject().startsWith("Changed"))
                .hasSize(1);

        Map<String, String> again = EventsTestData.hostForm(after, stale);
        again.put("description", opened.description() + " Bring your practice's figures.");
        Http.Response saved = officer.postForm(edit, again);
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        Event fixed = events.find(id).orElseThrow();
        assertThat(fixed.description()).endsWith("Bring your practice's figures.");
        assertThat(fixed.venue()).isEqualTo("Hall B, Civic Centre");
    }

    @Test
    void anEventTheApiPublishedInTheHourTheClocksShowTwiceIsSavedFromItsFormWithOnlyItsTitleChanged() {
        // From 01:10 the first time (BST) to 01:40 the second (GMT): the API takes both by their offsets.
        ZoneOffsetTransition autumn = nextAutumn();
        LocalDateTime one = autumn.getDateTimeAfter();
        Instant start = one.plusMinutes(10).atOffset(autumn.getOffsetBefore()).toInstant();
        Instant end = one.plusMinutes(40).atOffset(autumn.getOffsetAfter()).toInstant();
        Map<String, Object> webinar =
                data.webinar(EventsTestData.title("Autumn night"), start, 100, "https://meet.example.org/j/autumn");
        webinar.put("endsAt", end.toString());
        long id = data.publish(webinar);
        String edit = "/hosting/events/" + id + "/edit";
        Http host = data.signedInHost();
        Http.Response page = host.get(edit);
        Map<String, String> form = EventsTestData.hostForm(events.find(id).orElseThrow(), page);
        String renamed = EventsTestData.title("Autumn night renamed");
        form.put("title", renamed);

        Http.Response saved = host.postForm(edit, form);

        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        Event after = events.find(id).orElseThrow();
        assertThat(after.title()).isEqualTo(renamed);
        assertThat(after.startsAt()).isEqualTo(start);
        assertThat(after.endsAt()).isEqualTo(end);
        assertThat(page.body())
                .as("the page asks which 01:10 and which 01:40, the one saved chosen")
                .contains("01:10 the first time, in summer time (BST)")
                .contains("01:40 the second time, after the clocks go back (GMT)");
        assertThat(form).containsEntry("startWhich", "FIRST").containsEntry("endWhich", "SECOND");
        assertThat(host.get("/hosting/events/" + data.roadshowInTwoWeeks(5) + "/edit")
                        .body())
                .as("an event at any other time is not asked which")
                .doesNotContain("startWhich")
                .doesNotContain("endWhich");
    }

    @Test
    void aStartTypedInTheHourTheClocksShowTwiceAsksWhichOneIsMeant_andIsSavedAsTheOneChosen() {
        ZoneOffsetTransition autumn = nextAutumn();
        Instant evening = autumn.getInstant().plus(Duration.ofHours(18));
        long id = data.publish(data.roadshow(EventsTestData.title("Roadshow"), evening, 5));
        String edit = "/hosting/events/" + id + "/edit";
        Http host = data.signedInHost();
        Map<String, String> form = EventsTestData.hostForm(events.find(id).orElseThrow(), host.get(edit));
        form.put("startTime", "01:30");
        form.put("endTime", "03:00");

        Http.Response asked = host.postForm(edit, form);

        assertThat(asked.status()).as(asked.body()).isEqualTo(400);
        assertThat(asked.body())
                .contains("href=\"#startTime\">01:30 on ")
                .contains("happens twice in UK time")
                .contains("01:30 the first time, in summer time (BST)")
                .contains("01:30 the second time, after the clocks go back (GMT)")
                .doesNotContain("endWhich");
        assertThat(EventsTestData.checked(asked, "startWhich"))
                .as("neither is chosen for the host")
                .isEmpty();
        assertThat(events.find(id).orElseThrow().startsAt()).isEqualTo(evening);

        form.put("startWhich", "SECOND");
        Http.Response saved = host.postForm(edit, form);

        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(events.find(id).orElseThrow().startsAt())
                .isEqualTo(autumn.getDateTimeAfter()
                        .plusMinutes(30)
                        .atOffset(autumn.getOffsetAfter())
                        .toInstant());
    }

    @Test
    void anEndTypedInTheHourTheClocksShowTwiceEarlierOnTheClockThanItsStartAsksWhich_andIsSavedAsTheSecond() {
        // From the first 01:40 (BST) to the second 01:10 (GMT), 30 minutes later.
        ZoneOffsetTransition autumn = nextAutumn();
        LocalDateTime one = autumn.getDateTimeAfter();
        Instant start = one.plusMinutes(40).atOffset(autumn.getOffsetBefore()).toInstant();
        Instant end = one.plusMinutes(10).atOffset(autumn.getOffsetAfter()).toInstant();
        Instant evening = autumn.getInstant().plus(Duration.ofHours(18));
        long id = data.publish(data.roadshow(EventsTestData.title("Roadshow"), evening, 5));
        String edit = "/hosting/events/" + id + "/edit";
        Http host = data.signedInHost();
        Map<String, String> form = EventsTestData.hostForm(events.find(id).orElseThrow(), host.get(edit));
        form.put("startTime", "01:40");
        form.put("startWhich", "FIRST");
        form.put("endTime", "01:10");

        Http.Response asked = host.postForm(edit, form);

        assertThat(asked.status()).as(asked.body()).isEqualTo(400);
        assertThat(asked.body())
                .contains("href=\"#endTime\">01:10 on ")
                .contains("01:10 the first time, in summer time (BST)")
                .contains("01:10 the second time, after the clocks go back (GMT)");
        assertThat(EventsTestData.checked(asked, "endWhich"))
                .as("neither is chosen for the host")
                .isEmpty();

        form.put("endWhich", "FIRST");
        Http.Response before = host.postForm(edit, form);

        assertThat(before.status()).as(before.body()).isEqualTo(400);
        assertThat(before.body()).contains("href=\"#endTime\">The end must be after the start");
        assertThat(events.find(id).orElseThrow().startsAt()).isEqualTo(evening);

        form.put("endWhich", "SECOND");
        Http.Response saved = host.postForm(edit, form);

        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(events.find(id).orElseThrow().startsAt()).isEqualTo(start);
        assertThat(events.find(id).orElseThrow().endsAt()).isEqualTo(end);

        Http.Response page = host.get(edit);
        Map<String, String> again = EventsTestData.hostForm(events.find(id).orElseThrow(), page);
        String renamed = EventsTestData.title("Roadshow renamed");
        again.put("title", renamed);

        assertThat(again).containsEntry("startWhich", "FIRST").containsEntry("endWhich", "SECOND");
        assertThat(host.postForm(edit, again).status()).isEqualTo(302);
        Event after = events.find(id).orElseThrow();
        assertThat(after.title()).isEqualTo(renamed);
        assertThat(after.startsAt()).isEqualTo(start);
        assertThat(after.endsAt()).isEqualTo(end);
    }

    /** The next night the clocks go back, when 01:00 to 01:59 UK time happen twice. */
    private static ZoneOffsetTransition nextAutumn() {
        ZoneOffsetTransition next = UkTime.ZONE.getRules().nextTransition(Instant.now());
        return next.isOverlap() ? next : UkTime.ZONE.getRules().nextTransition(next.getInstant());
    }

    @Test
    void attendanceSavedFromOnePageLeavesTheTicksSavedFromAnother() {
        long id = data.publish(
                data.roadshow(EventsTestData.title("Roadshow"), Instant.now().plus(Duration.ofDays(14)), 5));
        String first = TestMailbox.uniqueAddress("first");
        String second = TestMailbox.uniqueAddress("second");
        data.confirm(data.registerAndGetConfirmToken(id, first), first, "Place confirmed");
        data.confirm(data.registerAndGetConfirmToken(id, second), second, "Place confirmed");
        long r1 = registration(id, first);
        long r2 = registration(id, second);
        String attendance = "/hosting/events/" + id + "/attendance";
        Http door = data.signedInHost();
        Http otherDoor = data.signedInHost();
        Http.Response page = door.get("/hosting/events/" + id);
        otherDoor.get("/hosting/events/" + id);

        // Each host's page showing only the one they saw arrive...
        assertThat(door.postForm(attendance, Map.of("attended", "" + r1, "shown", "" + r1))
                        .status())
                .isEqualTo(302);
        assertThat(otherDoor
                        .postForm(attendance, Map.of("attended", "" + r2, "shown", "" + r2))
                        .status())
                .isEqualTo(302);
        assertThat(attended(r1)).isTrue();
        assertThat(attended(r2)).isTrue();

        // ...or both, neither ticked when the page was opened: each saves their own tick, not the other's blank.
        jdbc.sql("update events.registration set attended = null where event_id = :id")
                .param("id", id)
                .update();
        door.postForm(attendance, Map.of("attended", "" + r1, "shown", r1 + "," + r2));
        otherDoor.postForm(attendance, Map.of("attended", "" + r2, "shown", r1 + "," + r2));
        assertThat(attended(r1)).isTrue();
        assertThat(attended(r2)).isTrue();

        // A tick the page showed and the host took off is saved as did not come.
        Map<String, String> untick = new LinkedHashMap<>();
        untick.put("attended", "" + r2);
        untick.put("shown", r1 + "," + r2);
        untick.put("shownTicked", r1 + "," + r2);
        assertThat(door.postForm(attendance, untick).status()).isEqualTo(302);
        assertThat(attended(r1)).isFalse();
        assertThat(attended(r2)).isTrue();
        assertThat(page.body())
                .as("the page sends which registrants it showed, and which it showed ticked")
                .contains("name=\"shown\" value=\"" + r1 + "\"")
                .contains("name=\"shown\" value=\"" + r2 + "\"");
        assertThat(door.get("/hosting/events/" + id).body()).contains("name=\"shownTicked\" value=\"" + r2 + "\"");
    }

    @Test
    void aTitleWithAControlCharacterTypedInTheChangeFormIsShownAsAProblemWithTheTitle_andChangesNothing() {
        String title = EventsTestData.title("Roadshow");
        long id = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofDays(14)), 5));
        String edit = "/hosting/events/" + id + "/edit";
        Http host = data.signedInHost();
        Map<String, String> form = EventsTestData.hostForm(events.find(id).orElseThrow(), host.get(edit));
        form.put("title", "A NUL\u0000 typed on the page");

        Http.Response refused = host.postForm(edit, form);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body())
                .contains("govuk-error-summary")
                .contains(
                        "href=\"#title\">The title must not contain control characters, such as tabs or line breaks<");
        assertThat(events.find(id).orElseThrow().title()).isEqualTo(title);
    }

    @Test
    void aLineBreakAfterTheTitleOrATabBeforeTheCampaignTypedInTheChangeFormIsShownAsAProblem_andChangesNothing() {
        String title = EventsTestData.title("Roadshow");
        long id = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofDays(14)), 5));
        String edit = "/hosting/events/" + id + "/edit";
        Http host = data.signedInHost();
        Map<String, String> form = EventsTestData.hostForm(events.find(id).orElseThrow(), host.get(edit));
        form.put("title", title + " renamed\r\n");
        form.put("campaign", "\tSafe working");

        Http.Response refused = host.postForm(edit, form);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body())
                .contains("govuk-error-summary")
                .contains("href=\"#title\">The title must not contain control characters, such as tabs or line breaks<")
                .contains("href=\"#campaign\">The campaign must not contain control characters, such as tabs or line"
                        + " breaks<");
        assertThat(events.find(id).orElseThrow().title()).isEqualTo(title);
    }

    @Test
    void anLmcTheDirectoryDoesNotKnowTypedInTheChangeFormIsShownAsAProblemWithTheLmc_andChangesNothing() {
        String title = EventsTestData.title("Roadshow");
        long id = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofDays(14)), 5));
        String edit = "/hosting/events/" + id + "/edit";
        Http host = data.signedInHost();
        Map<String, String> form = EventsTestData.hostForm(events.find(id).orElseThrow(), host.get(edit));
        form.put("lmc", "No Such LMC");

        Http.Response refused = host.postForm(edit, form);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body())
                .contains("govuk-error-summary")
                .containsPattern("href=\"#lmc\">There is no LMC called (&#39;|')No Such LMC(&#39;|') in the practices"
                        + " directory");
        assertThat(events.find(id).orElseThrow().lmc()).isEqualTo(data.lmc);
    }

    /**
     * The directory may drop an LMC after its event is published: the host moving the event need not retype its LMC,
     * as one left as it was is not checked again.
     */
    @Test
    void anEventsLmcTheDirectoryNoLongerKnowsIsKeptWhenTheEventIsChangedWithoutTouchingIt() {
        String title = EventsTestData.title("Roadshow");
        long id = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofDays(14)), 5));
        jdbc.sql("delete from practices.lmc where name = :lmc")
                .param("lmc", data.lmc)
                .update();
        String edit = "/hosting/events/" + id + "/edit";
        Http host = data.signedInHost();
        Map<String, String> form = EventsTestData.hostForm(events.find(id).orElseThrow(), host.get(edit));
        form.put("capacity", "8");

        Http.Response saved = host.postForm(edit, form);

        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        Event changed = events.find(id).orElseThrow();
        assertThat(changed.capacity()).isEqualTo(8);
        assertThat(changed.lmc()).isEqualTo(data.lmc);
    }

    @Test
    void eachFieldOfThePublishFormHasItsErrorReadOutWithIt() {
        Http host = data.signedInHost();
        Http.Response page = host.get("/hosting/events/new");
        Map<String, String> roadshow = new LinkedHashMap<>();
        roadshow.put("title", "");
        roadshow.put("kind", "ROADSHOW");
        roadshow.put("lmc", "\tLeeds LMC");
        roadshow.put("region", "");
        roadshow.put("venue", "");
        roadshow.put("address", "");
        roadshow.put("joiningLink", "");
        roadshow.put("day", LocalDate.now(UkTime.ZONE).minusDays(2).toString());
        roadshow.put("startTime", "19:00");
        roadshow.put("endTime", "21:00");
        roadshow.put("capacity", "0");
        roadshow.put("description", "");
        roadshow.put("ballotId", "");
        roadshow.put("campaign", "\tSafe working");
        roadshow.put("submission", EventsTestData.hidden(page, "submission"));
        Map<String, String> notReadable = new LinkedHashMap<>(roadshow);
        notReadable.putAll(Map.of("day", "tomorrow", "startTime", "7pm", "endTime", "9pm", "capacity", "many"));
        notReadable.put("ballotId", "the spring ballot");
        Map<String, String> webinar = new LinkedHashMap<>(roadshow);
        webinar.putAll(Map.of("kind", "WEBINAR", "joiningLink", "http://meet.example.org/j/1"));
        Map<String, String> noKind = new LinkedHashMap<>(roadshow);
        noKind.put("kind", "");
        Set<String> seen = new HashSet<>();

        for (Map<String, String> form : List.of(roadshow, notReadable, webinar, noKind)) {
            Http.Response refused = host.postForm("/hosting/events/new", form);
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            for (String field : EventsTestData.fieldsInError(refused.body())) {
                assertThat(EventsTestData.describedBy(refused.body(), field))
                        .as(field)
                        .contains(field + "-error");
                seen.add(field);
            }
        }

        assertThat(seen)
                .as("every field that can have an error had one")
                .containsExactlyInAnyOrder(
                        "title",
                        "kind",
                        "lmc",
                        "venue",
                        "address",
                        "joiningLink",
                        "day",
                        "startTime",
                        "endTime",
                        "capacity",
                        "description",
                        "ballotId",
                        "campaign");
        assertThat(EventsTestData.describedBy(page.body(), "startTime"))
                .as("without an error")
                .containsExactly("startTime-hint");
    }

    @Test
    void thePublishFormSentTwiceMakesOneEvent() {
        Http host = data.signedInHost();
        Http.Response page = host.get("/hosting/events/new");
        String title = EventsTestData.title("Roadshow");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("title", title);
        form.put("kind", "ROADSHOW");
        form.put("lmc", data.lmc);
        form.put("region", "");
        form.put("venue", "Committee Room, Civic Centre");
        form.put("address", "1 High Street, London, E1 1AA");
        form.put("joiningLink", "");
        form.put("day", LocalDate.now(UkTime.ZONE).plusDays(20).toString());
        form.put("startTime", "19:00");
        form.put("endTime", "21:00");
        form.put("capacity", "5");
        form.put("description", "The ballot and the action menu.");
        form.put("submission", EventsTestData.hidden(page, "submission"));

        Http.Response first = host.postForm("/hosting/events/new", form);
        Http.Response again = host.postForm("/hosting/events/new", form);

        assertThat(first.status()).as(first.body()).isEqualTo(302);
        assertThat(again.status()).as(again.body()).isEqualTo(302);
        assertThat(again.header("location"))
                .as("the event the first sending published")
                .isEqualTo(first.header("location"));
        assertThat(jdbc.sql("select count(*) from events.event where title = :title")
                        .param("title", title)
                        .query(Integer.class)
                        .single())
                .isOne();
        assertThat(page.body())
                .as("a second click is not even sent where the page's script runs")
                .contains("data-prevent-double-click=\"true\"");

        // The host goes back to the form, corrects the title and sends it again: another event, not the first one.
        form.put("title", title + " (corrected)");
        Http.Response corrected = host.postForm("/hosting/events/new", form);
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(302);
        assertThat(corrected.header("location")).isNotEqualTo(first.header("location"));
        assertThat(jdbc.sql("select count(*) from events.event where title = :title")
                        .param("title", title + " (corrected)")
                        .query(Integer.class)
                        .single())
                .isOne();
    }

    private long registration(long event, String email) {
        return jdbc.sql("select id from events.registration where event_id = :event and email = :email")
                .param("event", event)
                .param("email", email)
                .query(Long.class)
                .single();
    }

    private Boolean attended(long registration) {
        return jdbc.sql("select attended from events.registration where id = :id")
                .param("id", registration)
                .query(Boolean.class)
                .single();
    }
}
