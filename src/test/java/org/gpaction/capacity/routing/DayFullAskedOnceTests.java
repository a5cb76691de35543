package org.gpaction.capacity.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.gpaction.capacity.CapacityTestData;
import org.gpaction.capacity.CapacityTestData.SafeWorkingPractice;
import org.gpaction.capacity.OnAWorkingMorning;
import org.gpaction.capacity.setup.CapLimit;
import org.gpaction.capacity.setup.CapLimits;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetups;
import org.gpaction.practices.Practices;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.StringUtils;

/**
 * A change to today asks once, in one statement, whether it left the practice full (action 1 in force and no routine
 * room, each cap held to action 1's limit): it runs under the day's lock, which every booking of the practice waits on
 * meanwhile. The board's day, read for every page a receptionist opens, asks once too whether action 1 is in force and
 * what limit it holds caps to, asking for that limit once. Each test gives what it watches a connection of its own that
 * notes each statement sent on it.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class DayFullAskedOnceTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    MovingClock clock;

    @Autowired
    DayFills fills;

    @Autowired
    DayViews views;

    @Autowired
    CapLimits limits;

    @Autowired
    Practices practices;

    @Autowired
    PracticeSetups setups;

    @Test
    void aChangeThatLeftNoRoutineRoomAsksInOneStatementWhetherTheDayIsFull_andRecordsItFull() throws Exception {
        CapacityTestData data = new CapacityTestData(jdbc, new Http(port));
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 1, EVERY_DAY)), allDay(), "CLOSE", 0));
        assertThat(data.contact(practice.ods(), "RECEPTION", "ROUTINE", practice.managerToken())
                        .get("outcome")
                        .asString())
                .isEqualTo("BOOKED");
        LocalDate today = PracticeCalendar.dayOf(clock.instant());

        List<String> sent = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            TransactionSynchronizationManager.bindResource(dataSource, new ConnectionHolder(noting(connection, sent)));
            try {
                fills.afterChange(practice.ods(), today, true);
                assertThat(jdbc.sql("select count(*) from capacity.day_filled where ods_code = :ods")
                                .param("ods", practice.ods())
                                .query(Integer.class)
                                .single())
                        .as("the change recorded as the moment the day became full")
                        .isOne();
            } finally {
                TransactionSynchronizationManager.unbindResource(dataSource);
                connection.rollback();
            }
        }
        assertThat(sent.stream()
                        .filter(sql -> sql.contains("actions.in_force") || sql.contains("capacity.clinician_day"))
                        .toList())
                .as("statements asking whether action 1 is in force or what room the day has, of: %s", sent)
                .hasSize(1);
    }

    /**
     * The board's day asks in one statement whether the practice has action 1 in force and what limit each cap is held
     * to then, as capacity.cap_limit says: the limit named by the menu that sets it, or none for a practice not taking
     * action 1.
     */
    @Test
    void theBoardAsksInOneStatementWhetherActionOneIsInForceAndTheLimitCapsAreHeldTo() throws Exception {
        CapacityTestData data = new CapacityTestData(jdbc, new Http(port));
        Map<String, Object> settings = settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0);
        String taking = data.practiceTakingActionOne(settings).ods();
        String notTaking = data.practiceSetUpWith(settings).ods();
        LocalDate today = PracticeCalendar.dayOf(clock.instant());
        CapLimit limit = limits.on(today);

        List<String> sent = new ArrayList<>();
        DayViews.DayView takingDay = noted(
                sent,
                () -> views.day(
                        practices.find(taking).orElseThrow(),
                        setups.find(taking).orElseThrow(),
                        today));
        List<String> asking = sent.stream()
                .filter(sql -> sql.contains("actions.in_force") || sql.contains("actions.daily_contact_limit"))
                .toList();
        assertThat(asking)
                .as("statements asking whether action 1 is in force or its limit, of: %s", sent)
                .hasSize(1);
        assertThat(StringUtils.countOccurrencesOf(asking.get(0), "actions.daily_contact_limit("))
                .as("times it asks for action 1's limit, which it holds the caps to and names: %s", asking.get(0))
                .isOne();
        assertThat(takingDay.capEnforced()).isTrue();
        assertThat(takingDay.capLimit()).isEqualTo(limit);
        assertThat(takingDay.capsHeldTo()).isEqualTo(limit.contacts());

        DayViews.DayView notTakingDay = noted(
                new ArrayList<>(),
                () -> views.day(
                        practices.find(notTaking).orElseThrow(),
                        setups.find(notTaking).orElseThrow(),
                        today));
        assertThat(notTakingDay.capEnforced()).isFalse();
        assertThat(notTakingDay.capLimit()).isNull();
    }

    /** What {@code read} answers, read on a connection of its own that notes each statement sent on it. */
    private <T> T noted(List<String> sent, Callable<T> read) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            TransactionSynchronizationManager.bindResource(dataSource, new ConnectionHolder(noting(connection, sent)));
            try {
                return read.call();
            } finally {
                TransactionSynchronizationManager.unbindResource(dataSource);
                connection.rollback();
            }
        }
    }

    /** The connection, noting the text of each statement prepared on it. */
    private static Connection noting(Connection connection, List<String> sent) {
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement")) {
                        sent.add((String) args[0]);
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
