package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.gpaction.practices.Practices;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * Recording a request is the busiest thing a practice does, so the board keeps the practice's directory row for a
 * minute rather than reading the directory for every button pressed: the directory is watched (the real one, only
 * counted) while a receptionist records from the board.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class BoardDirectoryReadsTests {

    static final int RECORDINGS = 5;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @MockitoSpyBean
    Practices directory;

    @Test
    void aReceptionistRecordingFromTheBoardReadsThePracticesDirectoryRowAtMostOnceAMinute() {
        Http api = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, api);
        String ods = data.practiceTakingActionOne(CapacityTestData.settings(
                        List.of(CapacityTestData.clinician("GP 1", 10, CapacityTestData.EVERY_DAY)),
                        CapacityTestData.allDay(),
                        "CLOSE",
                        0))
                .ods();
        Http reception = new Http(port);
        assertThat(reception
                        .signIn(data.staff("RECEPTIONIST", List.of(ods), null), CapacityTestData.PASSWORD)
                        .status())
                .isLessThan(400);
        assertThat(reception.get("/safe-working/" + ods).status()).isEqualTo(200);

        long before = readsOf(ods);
        for (int i = 0; i < RECORDINGS; i++) {
            // One in lower case, as a typed address would be: the practice is the same.
            String code = i == 0 ? ods.toLowerCase() : ods;
            Http.Response recorded =
                    reception.postForm("/safe-working/" + code + "/requests", Map.of("kind", "ROUTINE"));
            assertThat(recorded.status()).as(recorded.body()).isEqualTo(302);
            assertThat(URI.create(recorded.header("location")).getPath()).isEqualTo("/safe-working/" + ods);
        }

        assertThat(jdbc.sql("select count(*) from capacity.contact_request where ods_code = :ods")
                        .param("ods", ods)
                        .query(Integer.class)
                        .single())
                .isEqualTo(RECORDINGS);
        assertThat(readsOf(ods) - before)
                .as(
                        "directory reads naming %s for %d recordings: the row is kept a minute, not read again for each",
                        ods, RECORDINGS)
                .isLessThanOrEqualTo(1);
    }

    /** How often the directory has been asked about this practice, by its code alone or among others. */
    long readsOf(String ods) {
        return Mockito.mockingDetails(directory).getInvocations().stream()
                .filter(read -> Arrays.stream(read.getArguments())
                        .anyMatch(argument -> argument instanceof String code && code.equalsIgnoreCase(ods)
                                || argument instanceof Collection<?> codes && codes.contains(ods)))
                .count();
    }
}
