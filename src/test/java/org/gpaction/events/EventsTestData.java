package org.gpaction.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.common.UkTime;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.EventDetails;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An LMC of its own for one test, its staff made through the API as an administrator would, and events and
 * registrations made through the API as hosts and registrants would.
 */
public final class EventsTestData {

    public static final String PASSWORD = "saffron meadow lighthouse";

    public final String lmc;
    private final int port;
    private final Http http;
    private final JdbcClient jdbc;
    private final FailedAttempts attempts;
    private final String adminToken;

    public EventsTestData(JdbcClient jdbc, int port, FailedAttempts attempts) {
        this.jdbc = jdbc;
        this.port = port;
        this.http = new Http(port);
        this.attempts = attempts;
        this.lmc = "Events LMC " + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        jdbc.sql("insert into practices.lmc (name) values (:name)")
                .param("name", lmc)
                .update();
        this.adminToken = http.apiToken(TestAdmin.EMAIL, TestAdmin.PASSWORD);
    }

    public String adminToken() {
        return adminToken;
    }

    /** A member of staff's email address; their password is {@link #PASSWORD}. */
    public String staff(String role, List<String> practices, String staffLmc) {
        String email = role.toLowerCase().replace('_', '.') + "."
                + UUID.randomUUID().toString().substring(0, 8) + "@events.test";
        Map<String, Object> body =
                new HashMap<>(Map.of("email", email, "password", PASSWORD, "role", role, "practices", practices));
        if (staffLmc != null) {
            body.put("lmc", staffLmc);
        }
        Http.Response created = http.postJson("/api/staff", body, adminToken);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return email;
    }

    public String apiToken(String email) {
        return http.apiToken(email, PASSWORD);
    }

    /** A unique title, so that assertions find this test's event among everyone else's. */
    public static String title(String what) {
        return what + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    public Map<String, Object> roadshow(String title, Instant startsAt, int capacity) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", title);
        body.put("kind", "ROADSHOW");
        body.put("lmc", lmc);
        body.put("region", "LONDON");
        body.put("venue", "Committee Room, Civic Centre");
        body.put("address", "1 High Street, London, E1 1AA");
        body.put("startsAt", startsAt.toString());
        body.put("endsAt", startsAt.plus(Duration.ofHours(2)).toString());
        body.put("capacity", capacity);
        body.put("description", "The ballot, the action menu and what happens from 1 August.");
        return body;
    }

    public Map<String, Object> webinar(String title, Instant startsAt, int capacity, String joiningLink) {
        Map<String, Object> body = roadshow(title, startsAt, capacity);
        body.put("kind", "WEBINAR");
        body.remove("venue");
        body.remove("address");
        body.put("joiningLink", joiningLink);
        return body;
    }

    /** Publishes an event as the administrator and returns its id. */
    public long publish(Map<String, Object> event) {
        Http.Response created = http.postJson("/api/events", event, adminToken);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    public long roadshowInTwoWeeks(int capacity) {
        return publish(roadshow(title("Roadshow"), Instant.now().plus(Duration.ofDays(14)), capacity));
    }

    /**
     * The event's details as they are but at this address, with this joining link and ending then: for a test to
     * change the event as a host's form does, in a transaction of its own.
     */
    public static EventDetails changed(Event event, String address, String joiningLink, Instant endsAt) {
        return new EventDetails(
                event.title(),
                event.kind(),
                event.lmc(),
                event.region(),
                event.venue(),
                address,
                joiningLink,
                event.startsAt(),
                endsAt,
                event.capacity(),
                event.description(),
                event.ballotId(),
                event.campaign());
    }

    /**
     * Changes an event through the host's form as an administrator would: the form as the edit page fills it for the
     * event, with {@code changes} (form field to text) typed over it. Asserts the change was saved.
     */
    public void changeAsHost(Event event, Map<String, String> changes) {
        Http host = signedInHost();
        Map<String, String> form = hostForm(event, host.get("/hosting/events/" + event.id() + "/edit"));
        form.putAll(changes);
        Http.Response saved = host.postForm("/hosting/events/" + event.id() + "/edit", form);
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
    }

    /**
     * The host's form for the event as its edit page fills it, with the version of the event the page was opened on.
     */
    public static Map<String, String> hostForm(Event event, Http.Response editPage) {
        LocalDateTime start = LocalDateTime.ofInstant(event.startsAt(), UkTime.ZONE);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("title", event.title());
        form.put("kind", event.kind().name());
        form.put("lmc", event.lmc() == null ? "" : event.lmc());
        form.put("region", event.region() == null ? "" : event.region().name());
        form.put("venue", event.venue() == null ? "" : event.venue());
        form.put("address", event.address() == null ? "" : event.address());
        form.put("joiningLink", event.joiningLink() == null ? "" : event.joiningLink());
        form.put("day", start.toLocalDate().toString());
        form.put("startTime", start.toLocalTime().toString());
        form.put(
                "endTime",
                LocalDateTime.ofInstant(event.endsAt(), UkTime.ZONE)
                        .toLocalTime()
                        .toString());
        form.put("capacity", Integer.toString(event.capacity()));
        form.put("description", event.description());
        form.put("version", hidden(editPage, "version"));
        for (String which : List.of("startWhich", "endWhich")) {
            checked(editPage, which).ifPresent(value -> form.put(which, value));
        }
        return form;
    }

    /** The value of the page's radio of that name that is checked, if any. */
    public static Optional<String> checked(Http.Response page, String name) {
        Matcher radio =
                Pattern.compile("<input\\b[^>]*\\bname=\"" + name + "\"[^>]*>").matcher(page.body());
        while (radio.find()) {
            Matcher value = Pattern.compile("\\bvalue=\"([^\"]*)\"").matcher(radio.group());
            if (radio.group().contains(" checked") && value.find()) {
                return Optional.of(value.group(1));
            }
        }
        return Optional.empty();
    }

    /** The value of a page's hidden field, or "" if it has none. */
    public static String hidden(Http.Response page, String name) {
        java.util.regex.Matcher found = java.util.regex.Pattern.compile(
                        "type=\"hidden\" name=\"" + name + "\" value=\"([^\"]*)\"")
                .matcher(page.body());
        return found.find() ? found.group(1) : "";
    }

    /** A browser signed in as the administrator. */
    public Http signedInHost() {
        Http host = new Http(port);
        assertThat(host.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD).status()).isLessThan(400);
        return host;
    }

    /** Cancels an event through the host's page as an administrator would. */
    public void cancelAsHost(long event) {
        Http host = signedInHost();
        host.get("/hosting/events/" + event + "/cancel");
        Http.Response cancelled = host.postForm("/hosting/events/" + event + "/cancel", Map.of());
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(302);
    }

    /** Asks for a place through the API; every test comes from 127.0.0.1, so the address's count is reset first. */
    public Http.Response register(long event, String name, String email) {
        forgetRegistrationsFromHere();
        return http.postJson(
                "/api/events/" + event + "/registrations",
                Map.of("name", name, "email", email, "role", "PRACTICE_MANAGER"));
    }

    /** Asks for a place and returns the token of the confirmation link from the mailbox. */
    public String registerAndGetConfirmToken(long event, String email) {
        Http.Response answer = register(event, "Registrant " + email.substring(0, 12), email);
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        return confirmToken(awaitSubject(email, "Confirm your place"));
    }

    /** Confirms through the page's form and returns the cancel token from the email that follows. */
    public String confirm(String confirmToken, String email, String expectedSubjectStart) {
        Http person = new Http(port);
        Http.Response page = person.get("/events/confirm/" + confirmToken);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        Http.Response confirmed = person.postForm("/events/confirm/" + confirmToken, Map.of());
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        return cancelToken(awaitSubject(email, expectedSubjectStart));
    }

    /**
     * The first message to the address whose subject starts so. The shared mail server's list can change while it is
     * read, so a failed read is tried again. Returns once the message is recorded as sent, so its link works.
     */
    public TestMailbox.Message awaitSubject(String address, String subjectStart) {
        TestMailbox.Message found = await().atMost(TestMailbox.DEFAULT_WAIT)
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(
                        () -> TestMailbox.messagesTo(address).stream()
                                .filter(message -> message.subject().startsWith(subjectStart))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        // The mail server has the message before the sending transaction, which stored its link's hash, commits.
        await().atMost(TestMailbox.DEFAULT_WAIT)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> jdbc.sql("""
                                select count(*) from notifications.outbox
                                where recipient = :to and subject = :subject and status = 'SENT'
                                """)
                                .param("to", address)
                                .param("subject", found.subject())
                                .query(Integer.class)
                                .single()
                        > 0);
        return found;
    }

    /** The body of the one reminder the address has received, failing (with why) if it has none or several. */
    public String onlyReminderTo(String address, String why) {
        List<TestMailbox.Message> reminders = TestMailbox.messagesTo(address).stream()
                .filter(m -> m.subject().startsWith("Reminder"))
                .toList();
        assertThat(reminders).as(why).hasSize(1);
        return reminders.get(0).body();
    }

    /** Waits until every message queued for the address is recorded as sent (or withdrawn). */
    public void awaitAllSent(String address) {
        await().atMost(TestMailbox.DEFAULT_WAIT)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> jdbc.sql(
                                        "select count(*) from notifications.outbox where recipient = :to and status = 'PENDING'")
                                .param("to", address)
                                .query(Integer.class)
                                .single()
                        == 0);
    }

    /** How many messages to the address have arrived, read again if the shared list changed meanwhile. */
    public static int countMessages(String address) {
        return await().atMost(TestMailbox.DEFAULT_WAIT)
                .ignoreExceptions()
                .until(() -> TestMailbox.messagesTo(address).size(), count -> true);
    }

    public static String cancelToken(TestMailbox.Message message) {
        return TestMailbox.tokenIn(link(message, "/events/cancel/"));
    }

    public static String confirmToken(TestMailbox.Message message) {
        return TestMailbox.tokenIn(link(message, "/events/confirm/"));
    }

    /** The message's link to a path starting so. */
    public static String link(TestMailbox.Message message, String pathStart) {
        return java.util.Arrays.stream(message.body().split("\\s+"))
                .filter(word ->
                        word.startsWith("http") && URI.create(word).getPath().startsWith(pathStart))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No " + pathStart + " link in \"" + message.subject() + "\""));
    }

    public void forgetRegistrationsFromHere() {
        attempts.clear(() -> "EVENT_REGISTRATION", "127.0.0.1");
    }

    public void forgetUnknownLinksFromHere() {
        attempts.clear(() -> "EVENT_LINK", "127.0.0.1");
    }

    public String status(long event, String email) {
        return jdbc.sql("""
                        select status from events.registration where event_id = :event and email = :email
                        order by id desc limit 1
                        """)
                .param("event", event)
                .param("email", email)
                .query(String.class)
                .single();
    }

    public int count(long event, String status) {
        return jdbc.sql("select count(*) from events.registration where event_id = :event and status = :status")
                .param("event", event)
                .param("status", status)
                .query(Integer.class)
                .single();
    }

    /** The fields a page marks with an error message of their own: each {@code X} of an {@code id="X-error"}. */
    public static List<String> fieldsInError(String html) {
        return Pattern.compile("\\sid=\"([A-Za-z]+)-error\"")
                .matcher(html)
                .results()
                .map(found -> found.group(1))
                .toList();
    }

    /**
     * The ids a screen reader reads out after the label of the field's form control, or of the fieldset around its
     * radios: its {@code aria-describedby}, empty when it has none.
     */
    public static List<String> describedBy(String html, String field) {
        Matcher control = Pattern.compile("<(input|select|textarea)\\b[^>]*\\sid=\"" + field + "\"[^>]*>")
                .matcher(html);
        if (!control.find()) {
            throw new AssertionError("No form control for " + field + " on the page");
        }
        String tag = control.group();
        if (tag.contains("type=\"radio\"")) {
            Matcher fieldsets = Pattern.compile("<fieldset\\b[^>]*>").matcher(html.substring(0, control.start()));
            while (fieldsets.find()) {
                tag = fieldsets.group();
            }
        }
        Matcher described = Pattern.compile("aria-describedby=\"([^\"]*)\"").matcher(tag);
        return described.find() ? List.of(described.group(1).trim().split("\\s+")) : List.of();
    }
}
