package org.gpaction.events.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.practices.Practices;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A page of upcoming events and the count beside it (the API's X-Total-Count) are read as of one moment: an event
 * published by someone else just after the page was read is counted in neither, so the count never says more than the
 * pages hold.
 */
@GpActionTest
class UpcomingPageSnapshotTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    FailedAttempts attempts;

    @Autowired
    Practices practices;

    @Autowired
    AutowireCapableBeanFactory beans;

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
    void anEventPublishedJustAfterThePageWasReadIsNotCounted_untilTheNextAsking() {
        Instant first = Instant.now().plus(Duration.ofDays(1));
        for (int i = 0; i < 3; i++) {
            publishElsewhere(first.plus(Duration.ofHours(i)));
        }
        AtomicInteger publishedBetween = new AtomicInteger();
        Events events = (Events) beans.initializeBean(
                new PublishingMeanwhile(() -> {
                    if (publishedBetween.getAndIncrement() == 0) {
                        publishElsewhere(first.plus(Duration.ofHours(3)));
                    }
                }),
                "eventsPublishingMeanwhile");
        assertThat(AopUtils.isAopProxy(events))
                .as("transactional, as the application's bean is")
                .isTrue();
        Events.Filter filter = new Events.Filter(data.lmc, null, null);

        Events.Page asked = events.upcomingPage(filter, Instant.now(), 0, 10);

        assertThat(publishedBetween.get())
                .as("an event was published after the page was read")
                .isOne();
        assertThat(asked.events()).hasSize(3);
        assertThat(asked.total()).as("counted as the page was read").isEqualTo(3);
        Events.Page again = events.upcomingPage(filter, Instant.now(), 0, 10);
        assertThat(again.events()).hasSize(4);
        assertThat(again.total()).isEqualTo(4);
    }

    /**
     * The application's own Events, proxied by the application as its bean is ({@link #beans}), doing something else
     * just after each page it reads.
     */
    class PublishingMeanwhile extends Events {
        private final Runnable meanwhile;

        PublishingMeanwhile(Runnable meanwhile) {
            super(jdbc, practices);
            this.meanwhile = meanwhile;
        }

        @Override
        List<Event> upcoming(Narrowing narrowing, Instant now, long skip, int limit) {
            List<Event> page = super.upcoming(narrowing, now, skip, limit);
            meanwhile.run();
            return page;
        }
    }

    /** A roadshow of this test's LMC, published and committed on a connection of its own, as another host's is. */
    private void publishElsewhere(Instant startsAt) {
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
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
