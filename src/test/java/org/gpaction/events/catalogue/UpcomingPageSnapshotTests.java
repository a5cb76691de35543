package org.gpaction.events.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.events.catalogue.Events;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * The API's page of upcoming events and its X-Total-Count are read as of one moment: an event published by someone
 * else just after the page was read is counted in neither, so the count never says more than the pages hold.
 */
@GpActionTest
class EventsApiSnapshotTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    FailedAttempts attempts;

    @MockitoSpyBean
    Events events;

    EventsTestData data;

    @BeforeEach
    void setUp() {
        data = new EventsTestData(jdbc, port, attempts);
    }

    @AfterEach
    void forgetTheEvents() {
        jdbc.sql("delete from events.event where lmc = :lmc")
                .param("lmc", data.lmc)
                .update();
    }

    @Test
    void anEventPublishedJustAfterThePageWasReadIsNotCounted_untilTheNextAsking() throws Exception {
        Instant first = Instant.now().plus(Duration.ofDays(1));
        for (int i = 0; i < 3; i++) {
            publishElsewhere(first.plus(Duration.ofHours(i)));
        }
        AtomicInteger publishedBetween = new AtomicInteger();
        doAnswer(invocation -> {
                    Object page = invocation.callRealMethod();
                    Events.Narrowing narrowing = invocation.getArgument(0);
                    if (data.lmc.equals(narrowing.filter().lmc()) && publishedBetween.get() == 0) {
                        publishElsewhere(first.plus(Duration.ofHours(3)));
                        publishedBetween.incrementAndGet();
                    }
                    return page;
                })
                .when(events)
                .upcoming(any(Events.Narrowing.class), any(), anyLong(), anyInt());
        String address = "/api/events?size=10&lmc=" + data.lmc.replace(" ", "%20");

        Http.Response asked = new Http(port).get(address);

        assertThat(publishedBetween.get())
                .as("an event was published after the page was read")
                .isOne();
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        assertThat(asked.json()).hasSize(3);
        assertThat(asked.header(EventsApiController.TOTAL_COUNT))
                .as("counted as the page was read")
                .isEqualTo("3");
        Http.Response again = new Http(port).get(address);
        assertThat(again.json()).hasSize(4);
        assertThat(again.header(EventsApiController.TOTAL_COUNT)).isEqualTo("4");
    }

    /** A roadshow of this test's LMC, published and committed on a connection of its own, as another host's is. */
    private void publishElsewhere(Instant startsAt) throws Exception {
        try (Connection elsewhere = dataSource.getConnection();
                PreparedStatement insert = elsewhere.prepareStatement("""
                        insert into events.event (title, kind, lmc, venue, address, starts_at, ends_at, capacity,
                            description, remind_at, created_by, created_at, updated_at)
                        values ('Published meanwhile', 'ROADSHOW', ?, 'Hall', '1 High Street', ?, ?, 10,
                            'Published while the list was read.', ?, 'test', now(), now())
                        """)) {
            elsewhere.setAutoCommit(true);
            insert.setString(1, data.lmc);
            insert.setTimestamp(2, Timestamp.from(startsAt));
            insert.setTimestamp(3, Timestamp.from(startsAt.plus(Duration.ofMinutes(30))));
            insert.setTimestamp(4, Timestamp.from(startsAt.minus(Duration.ofDays(1))));
            insert.executeUpdate();
        }
    }
}
