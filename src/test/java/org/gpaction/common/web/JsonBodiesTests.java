package org.gpaction.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** What a body with a field its request does not take is refused with, read without the application. */
class JsonBodiesTests {

    record Nothing() {}

    record Stop(String reason) {}

    record Choice(String startsOn, String note) {}

    record Options(Nothing options, String note) {}

    record Reasons(Stop stop, String note) {}

    @Test
    void aFieldSentToARequestThatTakesNoFieldsIsRefusedSayingItTakesNone() {
        InvalidRequest refused = catchThrowableOfType(
                InvalidRequest.class,
                () -> JsonBodies.readExactly(body("{\"reason\":\"x\"}"), Nothing.class, 1024, Map.of()));

        assertThat(refused).as("refused as a field to fix, not a server error").isNotNull();
        assertThat(refused.errors())
                .isEqualTo(List.of(Map.of(
                        "field",
                        "reason",
                        "message",
                        "reason is not a field this request takes: this request takes no fields")));
    }

    @Test
    void aFieldNotTakenIsRefusedNamingTheOneOrTheSeveralThatAre() {
        InvalidRequest one = catchThrowableOfType(
                InvalidRequest.class,
                () -> JsonBodies.readExactly(body("{\"why\":\"x\"}"), Stop.class, 1024, Map.of()));
        InvalidRequest two = catchThrowableOfType(
                InvalidRequest.class,
                () -> JsonBodies.readExactly(body("{\"why\":\"x\"}"), Choice.class, 1024, Map.of()));

        assertThat(one.errors().get(0).get("message"))
                .isEqualTo("why is not a field this request takes: send only reason");
        assertThat(two.errors().get(0).get("message"))
                .startsWith("why is not a field this request takes: send only ")
                .contains("startsOn")
                .contains(" and ");
    }

    @Test
    void aFieldSentInsideAnObjectThatTakesNoFieldsIsRefusedNamingThatObjectNotTheRequest() {
        InvalidRequest refused = catchThrowableOfType(
                InvalidRequest.class,
                () -> JsonBodies.readExactly(
                        body("{\"options\":{\"reason\":\"x\"},\"note\":\"n\"}"), Options.class, 1024, Map.of()));

        assertThat(refused.errors())
                .isEqualTo(List.of(Map.of(
                        "field",
                        "options.reason",
                        "message",
                        "options.reason is not a field options takes: options takes no fields,"
                                + " so send options as {}")));
    }

    @Test
    void aFieldNotTakenInsideAnObjectIsRefusedNamingTheFieldsThatObjectTakes() {
        InvalidRequest refused = catchThrowableOfType(
                InvalidRequest.class,
                () -> JsonBodies.readExactly(body("{\"stop\":{\"why\":\"x\"}}"), Reasons.class, 1024, Map.of()));

        assertThat(refused.errors().get(0).get("message"))
                .isEqualTo("stop.why is not a field stop takes: send only reason in stop");
    }

    @Test
    void anEmptyObjectIsReadForARequestThatTakesNoFields() {
        assertThat(JsonBodies.readExactly(body("{}"), Nothing.class, 1024, Map.of()))
                .isEqualTo(new Nothing());
    }

    private static MockHttpServletRequest body(String json) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/anything");
        request.setContentType("application/json");
        request.setContent(json.getBytes(StandardCharsets.UTF_8));
        return request;
    }
}
