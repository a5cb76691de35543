package org.gpaction.capacity.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.gpaction.capacity.CapacityTestData;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A form's sending that recorded its request and then stopped before its answer was kept (the server killed between
 * the two, here an {@link Error} no refusal handling catches): the same form sent again is answered with the request
 * that was recorded, and records nothing more.
 */
@GpActionTest
class FormsOnceTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FormsOnce formsOnce;

    @Autowired
    Routing routing;

    @Autowired
    Practices practices;

    /** The server stopping between recording the request and keeping its answer. */
    static final class StoppedHere extends Error {
        StoppedHere() {
            super("the server stopped here");
        }
    }

    @Test
    void aFormSentAgainAfterTheFirstRecordedItsRequestAndStoppedIsAnsweredWithThatRequest() {
        Practice practice = practiceWithOneClinician();
        Instant now = CapacityTestData.A_WORKING_MORNING;
        String value = FormsOnce.fresh();
        List<Routing.Routed> recorded = new ArrayList<>();

        assertThatThrownBy(() -> formsOnce.once(
                        value,
                        "ROUTINE",
                        practice.odsCode(),
                        String.class,
                        claim -> {
                            recorded.add(routing.route(
                                    practice,
                                    new Router.Request(Channel.RECEPTION, RequestKind.ROUTINE, null, claim),
                                    "test",
                                    now));
                            throw new StoppedHere();
                        },
                        FormsOnceTests::answer))
                .isInstanceOf(StoppedHere.class);
        assertThat(recorded).hasSize(1);

        String again = formsOnce.once(
                value,
                "ROUTINE",
                practice.odsCode(),
                String.class,
                claim -> {
                    throw new AssertionError("the form's request was recorded a second time");
                },
                FormsOnceTests::answer);

        Routing.Routed first = recorded.get(0);
        assertThat(again).isEqualTo(first.id() + " " + first.clinician().label() + " #" + first.contactNumber());
        assertThat(requests(practice)).isEqualTo(1);
    }

    @Test
    void aSignpostingSentAgainAfterTheFirstRecordedItAndStoppedIsAnsweredWithIt() {
        Practice practice = practiceWithOneClinician();
        Instant now = CapacityTestData.A_WORKING_MORNING;
        String value = FormsOnce.fresh();
        List<Routing.Routed> recorded = new ArrayList<>();

        assertThatThrownBy(() -> formsOnce.once(
                        value,
                        "signpost ROUTINE",
                        practice.odsCode(),
                        String.class,
                        claim -> {
                            recorded.add(routing.divertByReception(practice, RequestKind.ROUTINE, "test", now, claim));
                            throw new StoppedHere();
                        },
                        FormsOnceTests::diverted))
                .isInstanceOf(StoppedHere.class);

        String again = formsOnce.once(
                value,
                "signpost ROUTINE",
                practice.odsCode(),
                String.class,
                claim -> {
                    throw new AssertionError("the signposting was recorded a second time");
                },
                FormsOnceTests::diverted);

        assertThat(again)
                .isEqualTo(diverted(recorded.get(0)))
                .startsWith(recorded.get(0).id() + " ");
        assertThat(requests(practice)).isEqualTo(1);
    }

    @Test
    void aSendingWhoseRequestARetryAnsweredFirstIsAnsweredWithTheRetrysAnswer() {
        Practice practice = practiceWithOneClinician();
        Instant now = CapacityTestData.A_WORKING_MORNING;
        String value = FormsOnce.fresh();
        // Each answer is built afresh, as a clinician's cap is read as the day stands when it is built: the count
        // tells the first built from the second.
        AtomicInteger built = new AtomicInteger();
        Function<Routing.Routed, String> answer = routed -> routed.id() + " answer " + built.incrementAndGet();
        List<String> retries = new ArrayList<>();

        String first = formsOnce.once(
                value,
                "ROUTINE",
                practice.odsCode(),
                String.class,
                claim -> {
                    Routing.Routed routed = routing.route(
                            practice,
                            new Router.Request(Channel.RECEPTION, RequestKind.ROUTINE, null, claim),
                            "test",
                            now);
                    // The same form sent again after the request is recorded, before its sending keeps its answer.
                    retries.add(formsOnce.once(
                            value,
                            "ROUTINE",
                            practice.odsCode(),
                            String.class,
                            again -> {
                                throw new AssertionError("the form's request was recorded a second time");
                            },
                            answer));
                    return routed;
                },
                answer);

        assertThat(retries).hasSize(1);
        assertThat(first).isEqualTo(retries.get(0)).endsWith(" answer 1");
        assertThat(formsOnce.once(
                        value,
                        "ROUTINE",
                        practice.odsCode(),
                        String.class,
                        again -> {
                            throw new AssertionError("the form's request was recorded a second time");
                        },
                        answer))
                .isEqualTo(first);
        assertThat(requests(practice)).isEqualTo(1);
    }

    @Test
    void aSendingRefusedAfterItsRequestWasRecordedKeepsTheFormForThatRequest() {
        Practice practice = practiceWithOneClinician();
        Instant now = CapacityTestData.A_WORKING_MORNING;
        String value = FormsOnce.fresh();
        List<Routing.Routed> recorded = new ArrayList<>();

        assertThatThrownBy(() -> formsOnce.once(
                        value,
                        "ROUTINE",
                        practice.odsCode(),
                        String.class,
                        claim -> {
                            recorded.add(routing.route(
                                    practice,
                                    new Router.Request(Channel.RECEPTION, RequestKind.ROUTINE, null, claim),
                                    "test",
                                    now));
                            throw new IllegalStateException("refused after the request was recorded");
                        },
                        FormsOnceTests::answer))
                .isInstanceOf(IllegalStateException.class);
        assertThat(recorded).hasSize(1);

        String again = formsOnce.once(
                value,
                "ROUTINE",
                practice.odsCode(),
                String.class,
                claim -> {
                    throw new AssertionError("the form's request was recorded a second time");
                },
                FormsOnceTests::answer);

        assertThat(again).isEqualTo(answer(recorded.get(0)));
        assertThat(requests(practice)).isEqualTo(1);
    }

    private static String diverted(Routing.Routed routed) {
        return routed.id() + " " + ((Router.Diverted) routed.decision()).reason() + " "
                + routed.signposts().stream().map(s -> s.name()).toList();
    }

    private static String answer(Routing.Routed routed) {
        return routed.id() + " " + routed.clinician().label() + " #" + routed.contactNumber();
    }

    private int requests(Practice practice) {
        return jdbc.sql("select count(*) from capacity.contact_request where ods_code = :ods")
                .param("ods", practice.odsCode())
                .query(Integer.class)
                .single();
    }

    private Practice practiceWithOneClinician() {
        CapacityTestData data = new CapacityTestData(jdbc, new Http(port));
        String ods = data.practiceTakingActionOne(CapacityTestData.settings(
                        List.of(CapacityTestData.clinician("GP 1", 5, CapacityTestData.EVERY_DAY)),
                        CapacityTestData.allDay(),
                        "CLOSE",
                        0))
                .ods();
        return practices.find(ods).orElseThrow();
    }
}
