package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.gpaction.capacity.routing.FrontDoorRequestSubjects;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.HeldLocks;
import org.gpaction.support.Http;
import org.gpaction.support.LockWaits;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.gpaction.support.RowsRead;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public front door's look-ups are limited per network address: a script asking for one practice's page or state
 * more than 120 times a minute is told to wait, while everyone else, and the same address a minute later, is served.
 * Requests sent through it, each of which uses a clinician's contact, have a limit of their own, per address and
 * practice.
 * Each test sends from loopback addresses of its own (127.x.y.z, never 127.0.0.1, which every other test uses), by
 * binding its connections to them; the server sees them as distinct addresses.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class FrontDoorLimitTests {

    /** Two GPs at 25: the practice's own ceiling (16 in 10 minutes) is above one network's limit, tested here. */
    static final List<Map<String, Object>> TWO_GPS = List.of(
            CapacityTestData.clinician("GP 1", 25, CapacityTestData.EVERY_DAY),
            CapacityTestData.clinician("GP 2", 25, CapacityTestData.EVERY_DAY));

    /** FrontDoorLimits.LOOKUPS_PER_MINUTE. */
    static final int LOOKUPS_PER_MINUTE = 120;
    /** FrontDoorLimits.REQUESTS_PER_TEN_MINUTES. */
    static final int REQUESTS_PER_TEN_MINUTES = 10;

    /** How many times a double click is raced: the two sendings interleave differently from one round to the next. */
    static final int ROUNDS = 20;

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Networks networks;

    @Autowired
    WebApplicationContext context;

    @Autowired
    MovingClock clock;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    DataSource dataSource;

    FrontDoorRequestSubjects requestSubjects;
    String ods;
    String flooder;
    String neighbour;

    @BeforeEach
    void aPracticeWithItsFrontDoorOpen() {
        requestSubjects = new FrontDoorRequestSubjects(context);
        Http http = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, http);
        ods = data.practiceSetUpWith(CapacityTestData.settings(TWO_GPS, CapacityTestData.allDay(), "CLOSE", 0))
                .ods();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int network = random.nextInt(1, 255);
        flooder = "127." + network + "." + random.nextInt(1, 128) + "." + random.nextInt(1, 255);
        neighbour = "127." + network + "." + random.nextInt(128, 255) + "." + random.nextInt(1, 255);
        forget();
    }

    @AfterEach
    void forget() {
        forget(flooder, ods);
        forget(neighbour, ods);
    }

    /** Forgets the address's look-ups and its requests to the practice. */
    void forget(String address, String practice) {
        new FrontDoorTries(jdbc, networks, context, address).forget(practice);
    }

    @Test
    void anAddressLookingUpMoreThan120TimesAMinuteIsToldToWait_onThePageAndInTheApi() throws IOException {
        for (int i = 0; i < LOOKUPS_PER_MINUTE; i++) {
            Answer answer = i % 2 == 0 ? state(flooder) : page(flooder);
            assertThat(answer.status()).as("look-up " + (i + 1)).isEqualTo(200);
        }

        Answer api = state(flooder);
        assertThat(api.status()).isEqualTo(429);
        assertThat(api.header("retry-after")).isEqualTo("60");
        assertThat(json.readTree(api.body()).get("detail").asString())
                .isEqualTo("Too many look-ups from your address: try again in a minute");
        Answer page = page(flooder);
        assertThat(page.status()).isEqualTo(429);
        assertThat(page.header("retry-after")).isEqualTo("60");
        assertThat(page.body())
                .contains("Too many requests from your connection", "Wait a minute and try again")
                .doesNotContain("What do you need help with?");

        assertThat(lookUpsCounted(flooder))
                .as("every look-up served was counted, and none refused")
                .isEqualTo(LOOKUPS_PER_MINUTE);
        assertThat(jdbc.sql("select count(*) from capacity.contact_request where ods_code = :ods")
                        .param("ods", ods)
                        .query(Long.class)
                        .single())
                .as("looking is not asking: no request was recorded")
                .isZero();
    }

    @Test
    void whileOneAddressWaitsOthersAreServed_andItIsServedAgainOnceItsRetryAfterHasPassed() throws IOException {
        for (int i = 0; i < LOOKUPS_PER_MINUTE; i++) {
            assertThat(state(flooder).status()).as("look-up " + (i + 1)).isEqualTo(200);
        }
        Answer refused = state(flooder);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(page(flooder).status()).isEqualTo(429);

        assertThat(state(neighbour).status()).isEqualTo(200);
        assertThat(page(neighbour).status()).isEqualTo(200);
        Http thisMachine = new Http(port);
        assertThat(thisMachine.get("/api/practices/" + ods + "/front-door").status())
                .isEqualTo(200);
        assertThat(thisMachine.get("/p/" + ods).status()).isEqualTo(200);

        // As many seconds later as Retry-After said: the look-ups are moved back rather than waited for.
        jdbc.sql("""
                        update common.failed_attempt set at = at - make_interval(secs => :seconds)
                        where kind = 'FRONT_DOOR_LOOKUP' and subject = :address
                        """)
                .param("seconds", Integer.parseInt(refused.header("retry-after")))
                .param("address", networks.fingerprint(flooder))
                .update();
        Answer later = state(flooder);
        assertThat(later.status()).isEqualTo(200);
        assertThat(json.readTree(later.body()).get("open").asBoolean()).isTrue();
        assertThat(page(flooder).status()).isEqualTo(200);
    }

    @Test
    void anAddressSendingMoreThanTenRequestsInTenMinutesIsToldToWaitTenMinutes() throws IOException {
        Answer form = page(flooder);
        String session = form.header("set-cookie").split(";")[0];
        Matcher token = CSRF.matcher(form.body());
        assertThat(token.find())
                .as("the front door's form carries its CSRF token")
                .isTrue();
        String body = "_csrf=" + URLEncoder.encode(token.group(1).replace("&#45;", "-"), StandardCharsets.UTF_8)
                + "&need=ROUTINE";
        for (int i = 0; i < REQUESTS_PER_TEN_MINUTES; i++) {
            Answer sent = post(flooder, "/p/" + ods, session, body);
            assertThat(sent.status()).as("request " + (i + 1)).isEqualTo(302);
            assertThat(sent.header("location")).endsWith("/p/" + ods + "/sent");
        }

        Answer refused = post(flooder, "/p/" + ods, session, body);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("retry-after")).isEqualTo("600");
        assertThat(refused.body()).contains("Too many requests from your connection", "Wait 10 minutes and try again");
        assertThat(jdbc.sql("select count(*) from capacity.contact_request where ods_code = :ods")
                        .param("ods", ods)
                        .query(Long.class)
                        .single())
                .as("only the requests let through used contacts")
                .isEqualTo(REQUESTS_PER_TEN_MINUTES);
        assertThat(page(flooder).status())
                .as("looking is limited apart from asking")
                .isEqualTo(200);
    }

    /**
     * Patients on one NHS site's Wi-Fi, or behind one mobile carrier's address, ask different practices: each practice
     * counts the address's requests apart, so one practice's limit reached leaves the others served, and a patient
     * refused is still told where else to go now and the practice's phone number.
     */
    @Test
    void anAddressIsLimitedPerPractice_andAPatientRefusedIsToldWhereElseToGoAndThePhone() throws IOException {
        String other = new CapacityTestData(jdbc, new Http(port))
                .practiceSetUpWith(CapacityTestData.settings(TWO_GPS, CapacityTestData.allDay(), "CLOSE", 0))
                .ods();
        jdbc.sql("update practices.practice set phone = '01642 000000' where ods_code = :ods")
                .param("ods", ods)
                .update();
        Answer form = page(flooder);
        String session = form.header("set-cookie").split(";")[0];
        Matcher token = CSRF.matcher(form.body());
        assertThat(token.find()).isTrue();
        String body = "_csrf=" + URLEncoder.encode(token.group(1).replace("&#45;", "-"), StandardCharsets.UTF_8)
                + "&need=ROUTINE";
        try {
            for (int i = 0; i < REQUESTS_PER_TEN_MINUTES; i++) {
                assertThat(post(flooder, "/p/" + ods, session, body).status())
                        .as("request " + (i + 1) + " to " + ods)
                        .isEqualTo(302);
            }
            for (int i = 0; i < REQUESTS_PER_TEN_MINUTES; i++) {
                assertThat(post(flooder, "/p/" + other, session, body).status())
                        .as("request " + (i + 1) + " to another practice from the same address")
                        .isEqualTo(302);
            }

            Answer refused = post(flooder, "/p/" + ods, session, body);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.header("retry-after")).isEqualTo("600");
            assertThat(refused.body())
                    .contains("Too many requests from your connection", "Wait 10 minutes and try again")
                    .contains("Your request was not sent")
                    .contains("01642 000000")
                    .contains("Where to get help now", "Riverside Urgent Treatment Centre", "call 999")
                    .as("NHS 111 named for need that cannot wait, whether or not a listed place is open now")
                    .contains("If you need help now for something that cannot wait, call NHS 111");
            for (String practice : List.of(ods, other)) {
                assertThat(jdbc.sql("select count(*) from capacity.contact_request where ods_code = :ods")
                                .param("ods", practice)
                                .query(Long.class)
                                .single())
                        .as("each practice took as many requests from the address as one practice may")
                        .isEqualTo(REQUESTS_PER_TEN_MINUTES);
            }
        } finally {
            forget(flooder, other);
        }
    }

    /**
     * A request is counted under one keyed hash of the address's network and the practice, 64 hexadecimal digits as
     * every subject counted per network address is: neither the address's fingerprint nor the practice's code is kept
     * beside the other in clear, and two practices asked from one address are still counted apart.
     */
    @Test
    void aRequestIsCountedUnderOneKeyedHashOfItsNetworkAndPractice_twoPracticesFromOneAddressApart()
            throws IOException {
        String other = new CapacityTestData(jdbc, new Http(port))
                .practiceSetUpWith(CapacityTestData.settings(TWO_GPS, CapacityTestData.allDay(), "CLOSE", 0))
                .ods();
        Answer form = page(flooder);
        String session = form.header("set-cookie").split(";")[0];
        Matcher token = CSRF.matcher(form.body());
        assertThat(token.find()).isTrue();
        String body = "_csrf=" + URLEncoder.encode(token.group(1).replace("&#45;", "-"), StandardCharsets.UTF_8)
                + "&need=ROUTINE";
        long before = jdbc.sql("select coalesce(max(id), 0) from common.failed_attempt")
                .query(Long.class)
                .single();
        try {
            assertThat(post(flooder, "/p/" + ods, session, body).status()).isEqualTo(302);
            assertThat(post(flooder, "/p/" + other, session, body).status()).isEqualTo(302);

            List<String> subjects =
                    jdbc.sql("""
                            select subject from common.failed_attempt
                            where kind = 'FRONT_DOOR_REQUEST' and id > :before order by id
                            """).param("before", before).query(String.class).list();
            assertThat(subjects)
                    .as("one request to each practice, each practice counted apart")
                    .hasSize(2)
                    .doesNotHaveDuplicates()
                    .allSatisfy(subject ->
                            assertThat(subject).matches("[0-9a-f]{64}").doesNotContain(networks.fingerprint(flooder)));
            assertThat(subjects).containsExactly(requestSubjects.of(flooder, ods), requestSubjects.of(flooder, other));
            assertThat(requestSubjects.of("2001:db8:0:1::1", ods))
                    .as("an IPv6 address counts as its /56")
                    .isEqualTo(requestSubjects.of("2001:db8:0:1::2", ods))
                    .isEqualTo(requestSubjects.of("2001:db8:0:ff::1", ods))
                    .isNotEqualTo(requestSubjects.of("2001:db8:0:100::1", ods));
        } finally {
            forget(flooder, other);
        }
    }

    @Test
    void postsTheFrontDoorCannotUseAreLimitedAsLookUps_beforeAnythingIsReadForThem() throws IOException {
        Answer form = page(flooder);
        String session = form.header("set-cookie").split(";")[0];
        Matcher token = CSRF.matcher(form.body());
        assertThat(token.find()).isTrue();
        String csrf = "_csrf=" + URLEncoder.encode(token.group(1).replace("&#45;", "-"), StandardCharsets.UTF_8);
        for (int i = 1; i < LOOKUPS_PER_MINUTE; i++) {
            Answer answer = i % 2 == 0
                    ? post(flooder, "/p/" + ods, session, csrf + "&need=NOTHING")
                    : post(flooder, "/p/ZZ999", session, csrf + "&need=ROUTINE");
            assertThat(answer.status()).as("post " + i).isEqualTo(i % 2 == 0 ? 400 : 404);
        }

        Answer refused = post(flooder, "/p/" + ods, session, csrf + "&need=NOTHING");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("retry-after")).isEqualTo("60");
        assertThat(post(flooder, "/p/" + ods, session, csrf + "&need=ROUTINE").status())
                .as("a good request from the address is refused too while it waits")
                .isEqualTo(429);
        assertThat(jdbc.sql("select count(*) from capacity.contact_request where ods_code = :ods")
                        .param("ods", ods)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(post(neighbour, "/p/" + ods, session, csrf + "&need=ROUTINE").status())
                .as("another address is served")
                .isEqualTo(302);
    }

    /**
     * Addresses of one IPv6 /64 cannot be sent from here (a socket binds only to an address this machine has), so the
     * requests go through MockMvc with the remote address each would arrive from, past the same security filters.
     */
    @Test
    void addressesOfOneIpv6SixtyFourShareTheLimit_theEleventhRequestFromItIsToldToWait() throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(SecurityMockMvcConfigurers.springSecurity())
                .build();
        String network =
                "2001:db8:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff)) + ":0:";
        try {
            for (int i = 1; i <= REQUESTS_PER_TEN_MINUTES; i++) {
                assertThat(sendFrom(mvc, network + ":" + Integer.toHexString(i)).getStatus())
                        .as("request " + i)
                        .isEqualTo(302);
            }
            MockHttpServletResponse refused = sendFrom(mvc, network + ":b");
            assertThat(refused.getStatus()).isEqualTo(429);
            assertThat(refused.getHeader("Retry-After")).isEqualTo("600");
            assertThat(jdbc.sql("select count(*) from capacity.contact_request where ods_code = :ods")
                            .param("ods", ods)
                            .query(Long.class)
                            .single())
                    .as("eleven addresses of one network used no more contacts than one address may")
                    .isEqualTo(REQUESTS_PER_TEN_MINUTES);
            assertThat(sendFrom(mvc, "2001:db8:0:1::1").getStatus())
                    .as("another network is served")
                    .isEqualTo(302);
            assertThat(sendFrom(mvc, "::ffff:" + flooder).getStatus())
                    .as("an IPv4 address written as IPv6 is that IPv4 address, with its own limit")
                    .isEqualTo(302);
            assertThat(requestsCounted(flooder)).isEqualTo(1);
        } finally {
            forget(network + ":1", ods);
            forget("2001:db8:0:1::1", ods);
        }
    }

    /**
     * A request from a network already at its limit is refused before its form's value is claimed, without waiting
     * for anything: while another transaction holds the table of claimed forms (so a claim would wait), it is still
     * answered at once, 429 with Retry-After. It counts against neither limit and leaves no claim, so the same form is
     * taken once the window has passed.
     */
    @Test
    void aRequestFromANetworkAlreadyAtItsLimitIsRefusedBeforeItsFormIsClaimed_andCountsAgainstNeither()
            throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(SecurityMockMvcConfigurers.springSecurity())
                .build();
        for (int i = 1; i <= REQUESTS_PER_TEN_MINUTES; i++) {
            assertThat(sendFrom(mvc, flooder).getStatus()).as("request " + i).isEqualTo(302);
        }
        String form = UUID.randomUUID().toString();
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try (Connection claims = HeldLocks.holding(dataSource, "lock table capacity.form_once in exclusive mode")) {
            Future<MockHttpServletResponse> next = threads.submit(() -> sendFrom(mvc, flooder, form));

            MockHttpServletResponse refused = next.get(10, TimeUnit.SECONDS);
            assertThat(refused.getStatus())
                    .as("refused while a claim would still wait")
                    .isEqualTo(429);
            assertThat(refused.getHeader("Retry-After")).isEqualTo("600");
            claims.rollback();
        } finally {
            threads.shutdownNow();
        }
        assertThat(requestsCounted(flooder)).as("counted against the network").isEqualTo(REQUESTS_PER_TEN_MINUTES);
        assertThat(practiceCounted()).as("counted against the practice").isEqualTo(REQUESTS_PER_TEN_MINUTES);
        assertThat(jdbc.sql("select count(*) from capacity.form_once where ods_code = :ods")
                        .param("ods", ods)
                        .query(Integer.class)
                        .single())
                .as("no claim left for the form")
                .isZero();

        clock.advance(Duration.ofMinutes(10));
        assertThat(sendFrom(mvc, flooder, form).getStatus())
                .as("the same form, once the window has passed")
                .isEqualTo(302);
        assertThat(recorded()).isEqualTo(REQUESTS_PER_TEN_MINUTES + 1);
    }

    /**
     * A request's two counts, its network's and its practice's, are read alone once, before its form is claimed, and
     * then under the limits' locks, where the request is decided: not alone a second time on the way to the locks, a
     * read that could only repeat the first a moment later, as what the locks decide. Its reads of common.failed_attempt
     * are counted in a transaction of the test's own, which the request joins (MockMvc sends it on the test's thread)
     * and which is rolled back, less those of a look-up of the front door, as every post is counted as one too. Each
     * reading of the two counts scans the table twice, once for each count.
     */
    @Test
    void aRequestReadsItsTwoCountsAloneOnce_andThenUnderTheLocks() {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(SecurityMockMvcConfigurers.springSecurity())
                .build();

        long lookUp = failedAttemptsScannedBy(
                () -> mvc.perform(MockMvcRequestBuilders.get("/p/" + ods).with(request -> {
                            request.setRemoteAddr(flooder);
                            return request;
                        }))
                        .andReturn()
                        .getResponse(),
                200);
        long request = failedAttemptsScannedBy(
                () -> sendFrom(mvc, flooder, UUID.randomUUID().toString()), 302);

        assertThat(lookUp)
                .as("a look-up reads its address's count, alone and under its lock")
                .isPositive();
        assertThat(request - lookUp)
                .as("scans of common.failed_attempt by a request besides its look-up's: its two counts read alone"
                        + " once, then under the locks")
                .isEqualTo(2 * 2);
    }

    /**
     * The scans of common.failed_attempt made by one call sent through MockMvc and answered {@code status}, in a
     * transaction that is then rolled back, so that the call leaves nothing counted or recorded.
     */
    long failedAttemptsScannedBy(Callable<MockHttpServletResponse> call, int status) {
        return new TransactionTemplate(transactions).execute(transaction -> {
            long before = RowsRead.scansInTransaction(jdbc, "common", "failed_attempt");
            MockHttpServletResponse answer;
            try {
                answer = call.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            long scans = RowsRead.scansInTransaction(jdbc, "common", "failed_attempt") - before;
            transaction.setRollbackOnly();
            assertThat(answer.getStatus()).isEqualTo(status);
            return scans;
        });
    }

    /**
     * A patient double-clicking the form that is their network's last request of the window: the first sending is
     * recorded and fills the limit, and the second, already over it, is still answered with the first's outcome (the
     * browser shows the last answer), not told it sent too many.
     */
    @Test
    void aFormSentTwiceAsItsNetworksLastRequestIsAnsweredBothTimesWithItsOutcome() throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(SecurityMockMvcConfigurers.springSecurity())
                .build();
        for (int i = 1; i < REQUESTS_PER_TEN_MINUTES; i++) {
            assertThat(sendFrom(mvc, flooder).getStatus()).as("request " + i).isEqualTo(302);
        }
        String form = UUID.randomUUID().toString();

        MockHttpServletResponse first = sendFrom(mvc, flooder, form);
        MockHttpServletResponse second = sendFrom(mvc, flooder, form);

        assertThat(first.getStatus()).isEqualTo(302);
        assertThat(second.getStatus()).as("sent again, answered as the first").isEqualTo(302);
        assertThat(second.getRedirectedUrl()).isEqualTo(first.getRedirectedUrl());
        assertThat(recorded()).as("one request for the form").isEqualTo(REQUESTS_PER_TEN_MINUTES);
        assertThat(sendFrom(mvc, flooder, UUID.randomUUID().toString()).getStatus())
                .as("another form from the network")
                .isEqualTo(429);
    }

    /**
     * A patient double-clicking the form that is their network's last request of the window, both sendings arriving
     * at once, {@value #ROUNDS} times over: each time both are answered with the one request recorded, never told they
     * sent too many, however their reads of the counts and of the form interleave. The practice's day is held locked
     * while they arrive, so the first to claim the form is counted and then waits to record it (seen waiting on that
     * lock) while the other arrives (seen by its look-up counted): every round is a race, both in flight together.
     */
    @Test
    void aFormSentTwiceAtOnceAsItsNetworksLastRequestIsAnsweredBothTimesWithItsOutcome_roundAfterRound()
            throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(SecurityMockMvcConfigurers.springSecurity())
                .build();
        dayOpened(mvc);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        int bothInFlight = 0;
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                if (doubleClick(mvc, threads, "round " + round, false)) {
                    bothInFlight++;
                }
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(bothInFlight)
                .as("rounds in which both sendings were in flight together")
                .isEqualTo(ROUNDS);
    }

    /**
     * The second sending of a double click arriving once the first, the network's last request of the window, has been
     * counted but while it still records: the second reads the network's limit full, and is answered with the first's
     * outcome rather than 429 because it asks whether its form was sent before after reading the counts, and a sending
     * claims its form before it is counted.
     */
    @Test
    void aFormSentAgainOnceItsFirstSendingIsCountedButStillRecording_isAnsweredWithItsOutcome() throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(SecurityMockMvcConfigurers.springSecurity())
                .build();
        dayOpened(mvc);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= 3; round++) {
                assertThat(doubleClick(mvc, threads, "round " + round, true))
                        .as("round " + round + ": both in flight together")
                        .isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * One double click of a new form as the network's last request of the window, with the practice's day held locked
     * until both sendings have arrived: sent together, or the second once the first is counted ({@code secondOnceCounted}).
     * Asserts both are answered 302 with the one outcome, one request recorded and counted.
     *
     * @return whether both sendings were still in flight once both had arrived and the first was waiting to record
     */
    boolean doubleClick(MockMvc mvc, ExecutorService threads, String round, boolean secondOnceCounted)
            throws Exception {
        lastPlaceLeft();
        long recordedBefore = recorded();
        long lookUpsBefore = lookUpsCounted(flooder);
        String form = UUID.randomUUID().toString();
        Future<MvcResult> first;
        Future<MvcResult> second;
        boolean bothInFlight;
        try (Connection day = HeldLocks.holding(
                dataSource,
                "select 1 from capacity.practice_day where ods_code = ? and day = ? for update",
                ods,
                java.sql.Date.valueOf(PracticeCalendar.dayOf(clock.instant())))) {
            int holder = LockWaits.backend(day);
            CountDownLatch go = new CountDownLatch(1);
            first = threads.submit(() -> {
                go.await();
                return doubleClicked(mvc, form);
            });
            if (secondOnceCounted) {
                go.countDown();
                await(round + ": the first sending counted and waiting to record")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> LockWaits.blockedBy(jdbc, holder) == 1);
                assertThat(requestsCounted(flooder))
                        .as(round + ": the network's limit full before the second is sent")
                        .isEqualTo(REQUESTS_PER_TEN_MINUTES);
                second = threads.submit(() -> doubleClicked(mvc, form));
            } else {
                second = threads.submit(() -> {
                    go.await();
                    return doubleClicked(mvc, form);
                });
                go.countDown();
            }
            await(round + ": both arrived, one waiting to record")
                    .atMost(Duration.ofSeconds(30))
                    .until(() ->
                            LockWaits.blockedBy(jdbc, holder) == 1 && lookUpsCounted(flooder) == lookUpsBefore + 2);
            bothInFlight = !first.isDone() && !second.isDone();
            day.rollback();
        }
        MockHttpServletResponse one = first.get(30, TimeUnit.SECONDS).getResponse();
        MockHttpServletResponse two = second.get(30, TimeUnit.SECONDS).getResponse();
        assertThat(one.getStatus()).as(round + ": the first answer").isEqualTo(302);
        assertThat(two.getStatus()).as(round + ": the second answer").isEqualTo(302);
        assertThat(two.getRedirectedUrl()).isEqualTo(one.getRedirectedUrl()).isEqualTo("/p/" + ods + "/sent");
        assertThat(List.of(shown(mvc, first.get()), shown(mvc, second.get())))
                .as(round + ": each sending's answer shows the one request booked")
                .containsOnly("capacity/front-door-continue");
        assertThat(recorded()).as(round + ": one request for the form").isEqualTo(recordedBefore + 1);
        assertThat(requestsCounted(flooder)).as(round + ": counted once").isEqualTo(REQUESTS_PER_TEN_MINUTES);
        return bothInFlight;
    }

    /** One sending of a double click, from the flooder's address in a session of its own. */
    MvcResult doubleClicked(MockMvc mvc, String once) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.post("/p/" + ods)
                        .param("need", "ROUTINE")
                        .param("once", once)
                        .with(SecurityMockMvcRequestPostProcessors.csrf())
                        .with(request -> {
                            request.setRemoteAddr(flooder);
                            return request;
                        }))
                .andReturn();
    }

    /** The page a sending's redirect shows in its own session. */
    String shown(MockMvc mvc, MvcResult sent) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.get(sent.getResponse().getRedirectedUrl())
                        .session((MockHttpSession) sent.getRequest().getSession())
                        .with(request -> {
                            request.setRemoteAddr(flooder);
                            return request;
                        }))
                .andReturn()
                .getModelAndView()
                .getViewName();
    }

    /** Today's row of the practice's day, made by a request from the neighbouring address, for a test to lock. */
    void dayOpened(MockMvc mvc) throws Exception {
        assertThat(sendFrom(mvc, neighbour).getStatus()).isEqualTo(302);
    }

    /**
     * The flooder's network at its last place in the window, as if it had sent 9 requests a minute ago, and the
     * practice's ceiling far off: counted straight into the table, as each round needs it again.
     */
    void lastPlaceLeft() {
        forget(flooder, ods);
        jdbc.sql("delete from common.failed_attempt where kind = 'FRONT_DOOR_PRACTICE' and subject = :ods")
                .param("ods", ods)
                .update();
        for (int i = 1; i < REQUESTS_PER_TEN_MINUTES; i++) {
            jdbc.sql("insert into common.failed_attempt (kind, subject, at) values ('FRONT_DOOR_REQUEST', :s, :at)")
                    .param("s", requestSubjects.of(flooder, ods))
                    .param("at", java.sql.Timestamp.from(clock.instant().minus(Duration.ofMinutes(1))))
                    .update();
        }
        assertThat(requestsCounted(flooder)).isEqualTo(REQUESTS_PER_TEN_MINUTES - 1);
    }

    MockHttpServletResponse sendFrom(MockMvc mvc, String address, String once) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.post("/p/" + ods)
                        .param("need", "ROUTINE")
                        .param("once", once)
                        .with(SecurityMockMvcRequestPostProcessors.csrf())
                        .with(request -> {
                            request.setRemoteAddr(address);
                            return request;
                        }))
                .andReturn()
                .getResponse();
    }

    /** The practice's requests counted against its ceiling. */
    long practiceCounted() {
        return jdbc.sql(
                        "select count(*) from common.failed_attempt where kind = 'FRONT_DOOR_PRACTICE' and subject = :o")
                .param("o", ods)
                .query(Long.class)
                .single();
    }

    long recorded() {
        return jdbc.sql("select count(*) from capacity.contact_request where ods_code = :ods")
                .param("ods", ods)
                .query(Long.class)
                .single();
    }

    MockHttpServletResponse sendFrom(MockMvc mvc, String address) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.post("/p/" + ods)
                        .param("need", "ROUTINE")
                        .with(SecurityMockMvcRequestPostProcessors.csrf())
                        .with(request -> {
                            request.setRemoteAddr(address);
                            return request;
                        }))
                .andReturn()
                .getResponse();
    }

    /** The address's requests to the practice counted. */
    long requestsCounted(String address) {
        return jdbc.sql("select count(*) from common.failed_attempt where kind = 'FRONT_DOOR_REQUEST' and subject = :a")
                .param("a", requestSubjects.of(address, ods))
                .query(Long.class)
                .single();
    }

    record Answer(int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name);
        }
    }

    Answer state(String from) throws IOException {
        return get(from, "/api/practices/" + ods + "/front-door", "application/json");
    }

    Answer page(String from) throws IOException {
        return get(from, "/p/" + ods, "text/html");
    }

    long lookUpsCounted(String address) {
        return jdbc.sql("select count(*) from common.failed_attempt where kind = 'FRONT_DOOR_LOOKUP' and subject = :a")
                .param("a", networks.fingerprint(address))
                .query(Long.class)
                .single();
    }

    /**
     * One GET on a connection of its own, sent from {@code from}: the JDK's HTTP client cannot choose its local address
     * before Java 19, a socket can.
     */
    Answer get(String from, String path, String accept) throws IOException {
        return send(from, "GET " + path + " HTTP/1.1\r\nAccept: " + accept + "\r\n");
    }

    /** A form posted from {@code from} in the page session {@code cookie} ("NAME=value"). */
    Answer post(String from, String path, String cookie, String form) throws IOException {
        return send(
                from,
                "POST " + path + " HTTP/1.1\r\nAccept: text/html\r\nCookie: " + cookie
                        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                        + form.getBytes(StandardCharsets.US_ASCII).length + "\r\n",
                form);
    }

    private Answer send(String from, String head) throws IOException {
        return send(from, head, "");
    }

    private Answer send(String from, String head, String body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(15_000);
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 15_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "Host: localhost:" + port + "\r\nConnection: close\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    static Answer parse(byte[] raw) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        String[] head = new String(raw, 0, end, StandardCharsets.US_ASCII).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.put(
                    head[i].substring(0, colon).strip().toLowerCase(),
                    head[i].substring(colon + 1).strip());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Answer(Integer.parseInt(head[0].split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOf(chunked, "\r\n".getBytes(StandardCharsets.US_ASCII), at);
            String size = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII);
            int length = Integer.parseInt(size.split(";")[0].strip(), 16);
            if (length == 0) {
                return body.toByteArray();
            }
            body.write(chunked, lineEnd + 2, length);
            at = lineEnd + 2 + length + 2;
        }
    }

    static int indexOf(byte[] in, byte[] what, int from) {
        for (int i = from; i <= in.length - what.length; i++) {
            if (java.util.Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        throw new IllegalStateException("Not an HTTP answer: " + new String(in, StandardCharsets.UTF_8));
    }
}
