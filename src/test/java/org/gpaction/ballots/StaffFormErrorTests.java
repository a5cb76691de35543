package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.casting.Casting;
import org.gpaction.ballots.trustees.Tallying;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Each staff form of the ballots, sent back refused, ties every error message to its field: the message carries
 * {@code <field>-error} as its id, the field names it in its aria-describedby (after its hint, if it has one), and
 * a text box or area is marked as in error, so a screen reader on the field reads what to fix.
 */
@GpActionTest
class StaffFormErrorTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Casting casting;

    @Autowired
    Tallying tallying;

    ReplacementFixtures replacements;

    @BeforeEach
    void forgetRequests() {
        replacements = new ReplacementFixtures(jdbc);
        replacements.forgetRequests();
    }

    @AfterEach
    void forgetRequestsAgain() {
        replacements.forgetRequests();
    }

    @Test
    void everyRefusedStaffFormNamesEachErrorOnItsField() {
        ResultsTestData data = new ResultsTestData(jdbc, new Http(port));
        Http scrutineer = data.signedIn(port, data.scrutineer());

        Map<String, String> wrong = new HashMap<>(DraftChangesTests.formFields(""));
        wrong.putAll(Map.of("question", "", "options", "Yes\nyes", "scrutineerName", "", "senderAddress", "not mail"));
        wrong.remove("ruleSet");
        String[] draftFields = {"title", "question", "options", "ruleSet", "scrutineerName", "senderAddress"};
        Map<String, String> draftHints =
                Map.of("title", "title-hint", "options", "options-hint", "senderAddress", "senderAddress-hint");
        scrutineer.get("/ballots/new");
        Http.Response created = scrutineer.postForm("/ballots", wrong);
        assertThat(created.status()).isEqualTo(400);
        assertTiedToTheirErrors(created.body(), draftHints, draftFields);

        String location = scrutineer
                .postForm("/ballots", DraftChangesTests.formFields("Errors tied to fields"))
                .header("location");
        long draft = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        Http.Response changed = scrutineer.postForm(
                "/ballots/" + draft + "/edit",
                DraftChangesTests.withVersion(
                        wrong, DraftChangesTests.version(scrutineer.get("/ballots/" + draft + "/edit"))));
        assertThat(changed.status()).isEqualTo(400);
        assertTiedToTheirErrors(changed.body(), draftHints, draftFields);

        String version = DraftChangesTests.version(scrutineer.get("/ballots/" + draft + "/trustees"));
        Http.Response unnamed = scrutineer.postForm(
                "/ballots/" + draft + "/trustees", Map.of("name", " ", "keyFile", "{}", "version", version));
        assertThat(unnamed.status()).isEqualTo(400);
        assertTiedToTheirErrors(unnamed.body(), Map.of("name", "name-hint", "keyFile", "keyFile-hint"), "name");
        Http.Response unreadable = scrutineer.postForm(
                "/ballots/" + draft + "/trustees", Map.of("name", "Scrutineer", "keyFile", "{}", "version", version));
        assertThat(unreadable.status()).isEqualTo(400);
        assertTiedToTheirErrors(unreadable.body(), Map.of("name", "name-hint", "keyFile", "keyFile-hint"), "keyFile");

        VotingFixtures voting = new VotingFixtures(jdbc);
        long counting = voting.openBallot(Duration.ofHours(1));
        casting.cast(voting.credential(counting, "FORM-" + UUID.randomUUID()), 0);
        voting.closeNow(counting);
        tallying.tally(counting);
        scrutineer.get("/ballots/" + counting + "/trustees");
        Http.Response share =
                scrutineer.postForm("/ballots/" + counting + "/trustees/shares", Map.of("shareFile", "{}"));
        assertThat(share.status()).isEqualTo(400);
        assertTiedToTheirErrors(share.body(), Map.of("shareFile", "shareFile-hint"), "shareFile");

        long closed = data.closed("Errors tied to fields", List.of("Yes", "No"));
        data.roll(closed, 10, 6, 2);
        scrutineer.get("/ballots/" + closed + "/certification");
        Http.Response unconfirmed = scrutineer.postForm("/ballots/" + closed + "/certification", Map.of());
        assertThat(unconfirmed.status()).isEqualTo(400);
        assertTiedToTheirErrors(unconfirmed.body(), Map.of("qualifications", "qualifications-hint"), "confirm");
        Http.Response qualified = scrutineer.postForm(
                "/ballots/" + closed + "/certification",
                Map.of("qualifications", "Statement 2:\u0000", "confirm", "yes"));
        assertThat(qualified.status()).isEqualTo(400);
        assertThat(fieldsetAround(qualified.body(), "confirm")).doesNotContain("aria-describedby");
        assertTiedToTheirErrors(qualified.body(), Map.of("qualifications", "qualifications-hint"), "qualifications");

        long open = replacements.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter voter = replacements.member(null);
        replacements.enrol(open, voter);
        ReplacementFixtures.ask(new Http(port), voter, TestMailbox.uniqueAddress("elsewhere"));
        long request = replacements.waitingRequest(open, voter);
        scrutineer.get("/ballots/replacement-requests/" + request);
        Http.Response issued = scrutineer.postForm(
                "/ballots/replacement-requests/" + request + "/issue", Map.of("sendTo", "not mail", "reason", ""));
        assertThat(issued.status()).isEqualTo(400);
        assertTiedToTheirErrors(issued.body(), Map.of("reason", "reason-hint"), "sendTo", "reason");
        Http.Response declined = scrutineer.postForm(
                "/ballots/replacement-requests/" + request + "/decline", Map.of("declineReason", ""));
        assertThat(declined.status()).isEqualTo(400);
        assertTiedToTheirErrors(declined.body(), Map.of("reason", "reason-hint"), "declineReason");
    }

    /**
     * The page's fields in error are exactly these, each described by its hint (if {@code hints} names one) and its
     * error, which has that id; every other field that {@code hints} names is described by its hint alone.
     */
    private static void assertTiedToTheirErrors(String body, Map<String, String> hints, String... inError) {
        assertThat(Pattern.compile("\\sid=\"([A-Za-z]+)-error\"")
                        .matcher(body)
                        .results()
                        .map(found -> found.group(1)))
                .as("the error messages on %s", body)
                .containsExactlyInAnyOrder(inError);
        for (String field : inError) {
            String hint = hints.get(field);
            assertThat(describedBy(body, field))
                    .as("the field %s", field)
                    .isEqualTo(hint == null ? field + "-error" : hint + " " + field + "-error");
            String control = control(body, field);
            if (control.startsWith("<input")
                    && !control.contains("type=\"radio\"")
                    && !control.contains("type=\"checkbox\"")) {
                assertThat(control).contains("govuk-input--error");
            } else if (control.startsWith("<textarea")) {
                assertThat(control).contains("govuk-textarea--error");
            }
        }
        for (Map.Entry<String, String> hint : hints.entrySet()) {
            if (!List.of(inError).contains(hint.getKey()) && body.contains("id=\"" + hint.getKey() + "\"")) {
                assertThat(describedBy(body, hint.getKey()))
                        .as("the field %s", hint.getKey())
                        .isEqualTo(hint.getValue());
            }
        }
    }

    /** What a screen reader reads after the field's label: the field's, or for radios and a checkbox, their fieldset's. */
    private static String describedBy(String body, String field) {
        String control = control(body, field);
        String described = control.contains("type=\"radio\"") || control.contains("type=\"checkbox\"")
                ? fieldsetAround(body, field)
                : control;
        Matcher found = Pattern.compile("aria-describedby=\"([^\"]*)\"").matcher(described);
        return found.find() ? found.group(1) : "";
    }

    private static String control(String body, String field) {
        Matcher control = Pattern.compile("<(input|select|textarea)\\b[^>]*\\sid=\"" + field + "\"[^>]*>")
                .matcher(body);
        assertThat(control.find()).as("a form control %s on %s", field, body).isTrue();
        return control.group();
    }

    /** The opening tag of the last fieldset before the field's control. */
    private static String fieldsetAround(String body, String field) {
        int at = body.indexOf(control(body, field));
        Matcher fieldsets = Pattern.compile("<fieldset\\b[^>]*>").matcher(body.substring(0, at));
        String last = "";
        while (fieldsets.find()) {
            last = fieldsets.group();
        }
        return last;
    }
}
