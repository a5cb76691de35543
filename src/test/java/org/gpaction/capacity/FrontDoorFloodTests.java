package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * One sender must not spend a practice's day through its public front door. A host holding an IPv6 /56 (256 networks
 * of /64) counts as one network, and however many networks a flood comes from, a practice takes no more online
 * requests in 10 minutes than its ceiling, sized so that the busiest spell of a real practice's online demand passes.
 * The requests go through MockMvc with the remote address each would arrive from, past the same security filters.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class FrontDoorFloodTests {

    /** The real demand on one practice's online form, of about 6,100 patients, quarter hour by quarter hour. */
    static final Path DEMAND = Path.of("../shared/data/capacity/online-requests-C84667.csv");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WebApplicationContext context;

    @Autowired
    MovingClock clock;

    MockMvc mvc;
    CapacityTestData data;

    @BeforeEach
    void mockMvc() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(SecurityMockMvcConfigurers.springSecurity())
                .build();
        data = new CapacityTestData(jdbc, new Http(port));
    }

    /**
     * The audit's sequence: 10 urgent requests from each of 6 /64s of one /56, to a practice of two GPs at 25 with an
     * urgent reserve of 5. Counted per /64 they took all 50 contacts, the reserve too; counted per /56 the host sends
     * 10, as one home or office may, and the rest are refused with nothing recorded.
     */
    @Test
    void sixtyFoursOfOneFiftySixShareOneLimit_soOneHostCannotSpendTheDay() throws Exception {
        String ods = data.practiceTakingActionOne(settings(
                        List.of(clinician("GP 1", 25, EVERY_DAY), clinician("GP 2", 25, EVERY_DAY)),
                        allDay(),
                        "STAY_OPEN_SIGNPOST",
                        5))
                .ods();
        String fiftySix =
                "2001:db8:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff)) + ":"
                        + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xff));
        int sent = 0;
        int refused = 0;
        for (int network = 0; network < 6; network++) {
            for (int i = 1; i <= 10; i++) {
                // 2001:db8:x:yy0n::i, the 6 /64s yy00 to yy05 of the /56 yy00.
                String address = fiftySix + "0" + network + "::" + Integer.toHexString(i);
                MockHttpServletResponse answer = send(ods, address, "URGENT");
                if (answer.getStatus() == 302) {
                    sent++;
                } else {
                    assertThat(answer.getStatus()).as("request from " + address).isEqualTo(429);
                    refused++;
                }
            }
        }

        assertThat(sent).as("requests taken from one /56").isEqualTo(10);
        assertThat(refused).isEqualTo(50);
        assertThat(booked(ods)).as("contacts the host spent").isEqualTo(10);
        assertThat(recorded(ods)).as("nothing recorded for a refused request").isEqualTo(10);
    }

    /**
     * Many networks at once (a flood from many hosts) meet the practice's own ceiling: a third of its day's caps,
     * rounded down, 33 in 10 minutes for a practice of four GPs at 25. The next patient is refused with a page saying
     * the practice's online form is busy, to phone the practice and, for need that cannot wait, NHS 111, with
     * Retry-After; nothing is recorded. Staff recording requests are not held by it, nor is another practice's front
     * door.
     */
    @Test
    void aFloodFromManyNetworksMeetsThePracticesCeiling_staffAndOtherPracticesAreStillServed() throws Exception {
        CapacityTestData.SafeWorkingPractice practice = data.practiceTakingActionOne(settings(
                List.of(
                        clinician("GP 1", 25, EVERY_DAY),
                        clinician("GP 2", 25, EVERY_DAY),
                        clinician("GP 3", 25, EVERY_DAY),
                        clinician("GP 4", 25, EVERY_DAY)),
                allDay(),
                "STAY_OPEN_SIGNPOST",
                5));
        String ods = practice.ods();
        jdbc.sql("update practices.practice set phone = '01642 000000' where ods_code = :ods")
                .param("ods", ods)
                .update();
        String network = "198.51." + ThreadLocalRandom.current().nextInt(1, 255) + ".";
        for (int i = 1; i <= 33; i++) {
            assertThat(send(ods, network + i, "ROUTINE").getStatus())
                    .as("request " + i + ", from a network of its own")
                    .isEqualTo(302);
        }

        MockHttpServletResponse refused = send(ods, network + 34, "URGENT");

        assertThat(refused.getStatus()).as("the 34th of a day of 100 contacts").isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("600");
        assertThat(refused.getContentAsString())
                .contains("online requests to this practice are busy", "Your request was not sent")
                .contains("phone the", "01642 000000")
                .contains("call NHS 111", "Riverside Urgent Treatment Centre")
                .doesNotContain("Too many requests from your connection");
        assertThat(recorded(ods)).as("the refused request recorded nothing").isEqualTo(33);

        data.contact(ods, "RECEPTION", "URGENT", data.receptionistToken(ods));
        assertThat(recorded(ods)).as("reception still records").isEqualTo(34);
        String other = data.practiceTakingActionOne(
                        settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "STAY_OPEN_SIGNPOST", 0))
                .ods();
        assertThat(send(other, network + 35, "ROUTINE").getStatus())
                .as("another practice's front door takes requests")
                .isEqualTo(302);
    }

    /**
     * A practice of one GP at 25 with an urgent reserve of 5: urgent requests from as many networks as a flood likes
     * spend at most a third of its day (8 contacts) in one 10-minute spell, so most of the day, and time for staff to
     * pause the front door and withdraw the flood, is left.
     */
    @Test
    void aFloodOnAOneGpPracticeSpendsAtMostAThirdOfItsDayInOneSpell() throws Exception {
        String ods = data.practiceTakingActionOne(
                        settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "STAY_OPEN_SIGNPOST", 5))
                .ods();
        String network = "198.18." + ThreadLocalRandom.current().nextInt(1, 255) + ".";
        int sent = 0;
        for (int i = 1; i <= 25; i++) {
            int status = send(ods, network + i, "URGENT").getStatus();
            assertThat(status).as("request " + i).isIn(302, 429);
            if (status == 302) {
                sent++;
            }
        }

        assertThat(sent).as("requests taken in one spell").isEqualTo(8);
        assertThat(booked(ods)).as("contacts the flood spent of 25").isLessThanOrEqualTo(25 / 3);
        assertThat(recorded(ods)).as("nothing recorded for a refused request").isEqualTo(8);
    }

    /**
     * A request refused by the practice's ceiling is not counted against its sender's network: once the ceiling has
     * room again, a patient whose earlier tries met the busy page is served, not told their connection sent too many.
     */
    @Test
    void aRequestRefusedByTheCeilingSpendsNoneOfItsSendersAllowance() throws Exception {
        String ods = data.practiceTakingActionOne(
                        settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "STAY_OPEN_SIGNPOST", 0))
                .ods();
        String network = "198.19." + ThreadLocalRandom.current().nextInt(1, 255) + ".";
        // Filled up to its ceiling, whatever that is, each from a network of its own.
        int filled = 0;
        while (send(ods, network + (filled + 1), "ROUTINE").getStatus() == 302) {
            filled++;
            assertThat(filled).as("requests let through before the ceiling").isLessThan(50);
        }
        clock.advance(Duration.ofMinutes(5));
        String patient = network + 200;
        for (int i = 1; i <= 10; i++) {
            assertThat(send(ods, patient, "ROUTINE").getContentAsString())
                    .as("try " + i + " meets the ceiling")
                    .contains("online requests to this practice are busy");
        }

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        MockHttpServletResponse again = send(ods, patient, "ROUTINE");

        assertThat(again.getStatus())
                .as("the ceiling has room again, and the patient's 10 refused tries were not counted")
                .isEqualTo(302);
        assertThat(recorded(ods)).isEqualTo(filled + 1);
    }

    /**
     * A request refused by its network's limit is not counted against the practice's ceiling: one network sends its
     * 10 and then 15 more, refused as too many from its connection, and other networks still get the rest of the
     * ceiling (25 for three GPs at 25), all of it.
     */
    @Test
    void aRequestRefusedByItsNetworkSpendsNoneOfThePracticesCeiling() throws Exception {
        String ods = data.practiceTakingActionOne(settings(
                        List.of(
                                clinician("GP 1", 25, EVERY_DAY),
                                clinician("GP 2", 25, EVERY_DAY),
                                clinician("GP 3", 25, EVERY_DAY)),
                        allDay(),
                        "STAY_OPEN_SIGNPOST",
                        0))
                .ods();
        String network = "198.51." + ThreadLocalRandom.current().nextInt(1, 255) + ".";
        String flooding = network + 250;
        for (int i = 1; i <= 10; i++) {
            assertThat(send(ods, flooding, "ROUTINE").getStatus())
                    .as("request " + i + " within its network's 10")
                    .isEqualTo(302);
        }
        for (int i = 1; i <= 15; i++) {
            MockHttpServletResponse refused = send(ods, flooding, "ROUTINE");
            assertThat(refused.getStatus())
                    .as("request " + (10 + i) + " over its network's 10")
                    .isEqualTo(429);
            assertThat(refused.getContentAsString()).contains("Too many requests from your connection");
        }

        for (int i = 1; i <= 15; i++) {
            assertThat(send(ods, network + i, "ROUTINE").getStatus())
                    .as("request " + i + " from another network, of the ceiling's 15 left")
                    .isEqualTo(302);
        }
        assertThat(send(ods, network + 16, "ROUTINE").getContentAsString())
                .as("the ceiling of 25 is then full")
                .contains("online requests to this practice are busy");
        assertThat(recorded(ods)).isEqualTo(25);
    }

    /**
     * The busiest quarter hour of the real file (12 requests, 08:00 on a Monday) came to a practice of about 6,100
     * patients: at the England average of about 2,260 patients a GP, and at the GP appointments its own area (52R)
     * attended a working day per patient, about three clinicians, 75 contacts a day at 25 each. Twice that spell,
     * from as many networks in one 10-minute spell, all goes through to a practice of three GPs at 25; and twice the
     * spell's share for one GP at 25 (a third of the file's, 4) all goes through to a practice of one: the ceiling
     * keeps twice a genuine busy morning's pace for a practice of any size.
     */
    @Test
    void twiceTheBusiestSpellOfARealPracticesOnlineDemandGoesThrough_atThatPracticesSizeAndAtOneGps() throws Exception {
        int busiest = busiestQuarterHour();
        assertThat(busiest).as("the file's busiest quarter hour").isEqualTo(12);
        String likeTheFiles = data.practiceTakingActionOne(settings(
                        List.of(
                                clinician("GP 1", 25, EVERY_DAY),
                                clinician("GP 2", 25, EVERY_DAY),
                                clinician("GP 3", 25, EVERY_DAY)),
                        allDay(),
                        "STAY_OPEN_SIGNPOST",
                        0))
                .ods();
        String oneGp = data.practiceTakingActionOne(
                        settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "STAY_OPEN_SIGNPOST", 0))
                .ods();
        String network = "203.0." + ThreadLocalRandom.current().nextInt(1, 255) + ".";
        int oneGpsShare = (busiest * 25 + 74) / 75;

        for (int i = 1; i <= 2 * busiest; i++) {
            assertThat(send(likeTheFiles, network + i, i % 3 == 0 ? "URGENT" : "ROUTINE")
                            .getStatus())
                    .as("request " + i + " of twice the busiest quarter hour, at 75 contacts a day")
                    .isEqualTo(302);
        }
        for (int i = 1; i <= 2 * oneGpsShare; i++) {
            assertThat(send(oneGp, network + (100 + i), i % 3 == 0 ? "URGENT" : "ROUTINE")
                            .getStatus())
                    .as("request " + i + " of twice one GP's share of the busiest quarter hour")
                    .isEqualTo(302);
        }
        assertThat(recorded(likeTheFiles)).isEqualTo(2 * busiest);
        assertThat(recorded(oneGp)).isEqualTo(2 * oneGpsShare);
    }

    static int busiestQuarterHour() throws IOException {
        Map<String, Integer> byQuarterHour = new HashMap<>();
        List<String> lines = Files.readAllLines(DEMAND);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            byQuarterHour.merge(cells[0] + " " + cells[1], Integer.parseInt(cells[3].strip()), Integer::sum);
        }
        return byQuarterHour.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    MockHttpServletResponse send(String ods, String address, String need) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.post("/p/" + ods)
                        .param("need", need)
                        .with(SecurityMockMvcRequestPostProcessors.csrf())
                        .with(request -> {
                            request.setRemoteAddr(address);
                            return request;
                        }))
                .andReturn()
                .getResponse();
    }

    long recorded(String ods) {
        return jdbc.sql("select count(*) from capacity.contact_request where ods_code = :ods")
                .param("ods", ods)
                .query(Long.class)
                .single();
    }

    long booked(String ods) {
        return jdbc.sql("select count(*) from capacity.contact_request where ods_code = :ods and outcome = 'BOOKED'")
                .param("ods", ods)
                .query(Long.class)
                .single();
    }
}
