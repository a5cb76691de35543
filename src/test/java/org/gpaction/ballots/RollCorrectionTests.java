package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gpaction.accounts.staff.CreateStaffCommand;
import org.gpaction.accounts.staff.StaffAccounts;
import org.gpaction.common.UkTime;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** After the cut-off the roll changes only by the scrutineer's explicit act, with a reason, in the ballot log. */
@GpActionTest
class RollCorrectionTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StaffAccounts staffAccounts;

    @Test
    void aScrutineerAddsAMemberLeftOffAFrozenRollWithAReasonAndTheMemberGetsAWorkingLink() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(2));
        String practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        String prefix = "RC" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        BallotFixtures.addMembers(
                jdbc, prefix, 7_000_000 + Math.abs(prefix.hashCode() % 900_000), 1, "SALARIED", practice, "mail.test");
        String member = prefix + "1";
        String email = prefix.toLowerCase() + "1@mail.test";

        String scrutineer = token("SCRUTINEER");
        Map<String, String> correction =
                Map.of("membershipNumber", member, "reason", "Joined by post before the cut-off; form scanned late");

        Http http = new Http(port);
        assertThat(http.postJson("/api/ballots/" + ballot + "/roll", correction, adminToken())
                        .status())
                .as("an administrator cannot change the roll")
                .isEqualTo(403);
        Http.Response noReason = http.postJson(
                "/api/ballots/" + ballot + "/roll", Map.of("membershipNumber", member, "reason", ""), scrutineer);
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("\"field\":\"reason\"");
        Http.Response nul = http.postJson(
                "/api/ballots/" + ballot + "/roll",
                Map.of("membershipNumber", member + "\u0000", "reason", "Joined by post\u0000 before the cut-off"),
                scrutineer);
        assertThat(nul.status()).as(nul.body()).isEqualTo(400);
        assertThat(nul.body())
                .contains("The reason must not contain control characters")
                .contains("There is no member with that membership number");

        assertThat(http.postJson("/api/ballots/" + ballot + "/roll", correction, scrutineer)
                        .status())
                .isEqualTo(204);
        assertThat(http.postJson("/api/ballots/" + ballot + "/roll", correction, scrutineer)
                        .body())
                .contains("already on the roll");

        String evidence = jdbc.sql(
                        "select evidence from ballots.roll_entry where ballot_id = :b and membership_number = :m")
                .param("b", ballot)
                .param("m", member)
                .query(String.class)
                .single();
        assertThat(evidence).startsWith("Added by the scrutineer").contains("scanned late");
        assertThat(jdbc.sql("select detail from ballots.ballot_log where ballot_id = :b and action = 'ROLL_CORRECTED'")
                        .param("b", ballot)
                        .query(String.class)
                        .list())
                .singleElement()
                .asString()
                .contains(member);

        String link = TestMailbox.awaitMessageTo(email, "Your ballot: Race").firstLink();
        Http.Response vote = http.postJson(
                "/api/vote", Map.of("token", URI.create(link).getPath().substring("/vote/".length()), "choice", "Yes"));
        assertThat(vote.status()).isEqualTo(201);
    }

    @Test
    void aCorrectionWithAFieldItDoesNotTakeIsRefusedNamingIt_andTheRollIsUnchanged() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(2));
        String practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        String prefix = "RX" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        BallotFixtures.addMembers(
                jdbc, prefix, 7_000_000 + Math.abs(prefix.hashCode() % 900_000), 1, "SALARIED", practice, "mail.test");
        String member = prefix + "1";
        Map<String, String> misnamed = Map.of("membershipNumber", member, "why", "Joined by post before the cut-off");
        Http http = new Http(port);
        assertThat(http.postJson("/api/ballots/" + ballot + "/roll", misnamed, adminToken())
                        .status())
                .as("an administrator is refused before the body is read")
                .isEqualTo(403);

        Http.Response refused = http.postJson("/api/ballots/" + ballot + "/roll", misnamed, token("SCRUTINEER"));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("\"field\":\"why\"");
        assertThat(refused.json().get("errors").get(0).get("message").asString())
                .startsWith("why is not a field this request takes: send only ")
                .contains("membershipNumber")
                .contains("reason");
        assertThat(jdbc.sql("select count(*) from ballots.roll_entry where ballot_id = :b and membership_number = :m")
                        .param("b", ballot)
                        .param("m", member)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aClosedBallotsRollIsNotCorrectedAndTheRefusalSaysWhenVotingClosed() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(2));
        fixtures.closeNow(ballot);
        String practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        String prefix = "RC" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        BallotFixtures.addMembers(
                jdbc, prefix, 7_000_000 + Math.abs(prefix.hashCode() % 900_000), 1, "SALARIED", practice, "mail.test");
        Instant closed = jdbc.sql("select closes_at from ballots.ballot where id = :b")
                .param("b", ballot)
                .query(Timestamp.class)
                .single()
                .toInstant();

        Http.Response refused = new Http(port)
                .postJson(
                        "/api/ballots/" + ballot + "/roll",
                        Map.of("membershipNumber", prefix + "1", "reason", "Joined by post before the cut-off"),
                        token("SCRUTINEER"));

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString())
                .isEqualTo("Voting closed " + UkTime.onOrAt(closed)
                        + " (UK time), so the roll can no longer be corrected: a member added now could not vote");
        assertThat(jdbc.sql("select count(*) from ballots.roll_entry where ballot_id = :b")
                        .param("b", ballot)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql(
                                "select count(*) from ballots.ballot_log where ballot_id = :b and action = 'ROLL_CORRECTED'")
                        .param("b", ballot)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aDraftOrScheduledBallotsRollIsNotCorrectedAndTheConflictSaysTheRollIsMadeWhenItOpens() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long scheduled = fixtures.ballotWithWindow(
                Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(2)));
        long draft = fixtures.ballotWithWindow(
                Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(2)));
        jdbc.sql("update ballots.ballot set status = 'DRAFT' where id = :b")
                .param("b", draft)
                .update();
        String practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        String prefix = "RC" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        BallotFixtures.addMembers(
                jdbc, prefix, 7_000_000 + Math.abs(prefix.hashCode() % 900_000), 1, "SALARIED", practice, "mail.test");
        Instant opens = jdbc.sql("select opens_at from ballots.ballot where id = :b")
                .param("b", scheduled)
                .query(Timestamp.class)
                .single()
                .toInstant();
        String scrutineer = token("SCRUTINEER");
        String whatToDo = ", so it has no roll to correct: the roll is made when it opens, of every member eligible"
                + " under its rules then. Put the member's details right in the membership file (Members → Import the"
                + " membership file) before it opens, or correct the roll once it is open";

        Map<Long, String> expected = Map.of(
                draft,
                "This ballot is a draft" + whatToDo,
                scheduled,
                "This ballot has not opened yet (it opens by itself " + UkTime.onOrAt(opens) + ", UK time)" + whatToDo);
        expected.forEach((ballot, detail) -> {
            Http.Response refused = new Http(port)
                    .postJson(
                            "/api/ballots/" + ballot + "/roll",
                            Map.of("membershipNumber", prefix + "1", "reason", "Joined by post before the cut-off"),
                            scrutineer);

            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.json().get("detail").asString()).isEqualTo(detail);
            assertThat(jdbc.sql("select count(*) from ballots.roll_entry where ballot_id = :b")
                            .param("b", ballot)
                            .query(Long.class)
                            .single())
                    .isZero();
            assertThat(jdbc.sql("select count(*) from ballots.ballot_log where ballot_id = :b"
                                    + " and action = 'ROLL_CORRECTED'")
                            .param("b", ballot)
                            .query(Long.class)
                            .single())
                    .isZero();
        });
    }

    @Test
    void aBallotTheClockLeftShutIsNotCorrectedAndTheConflictSaysItMustBeUnscheduledBeforeItCanOpen() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        // Its key gone before its opening time passes, as for one scheduled before scheduling needed a key: the clock
        // never opens it.
        long keyless = fixtures.ballotWithWindow(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2)));
        jdbc.sql("delete from ballots.trustee where ballot_id = :b")
                .param("b", keyless)
                .update();
        Instant opened = now.minus(Duration.ofHours(1));
        jdbc.sql("update ballots.ballot set opens_at = :opens, roll_cutoff = :opens where id = :b")
                .param("opens", Timestamp.from(opened))
                .param("b", keyless)
                .update();
        // With its key, its whole window passed at once, as for one first found after its close (the app down).
        long windowPassed = fixtures.ballotWithWindow(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2)));
        Instant closed = now.minus(Duration.ofHours(2));
        jdbc.sql("update ballots.ballot set opens_at = :opens, roll_cutoff = :opens, closes_at = :closes"
                        + " where id = :b")
                .param("opens", Timestamp.from(now.minus(Duration.ofDays(3))))
                .param("closes", Timestamp.from(closed))
                .param("b", windowPassed)
                .update();
        // Only once the clock has written why in each ballot's log do the words send anyone to it.
        for (long id : List.of(keyless, windowPassed)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> jdbc.sql("""
                                    select count(*) from ballots.ballot_log
                                    where ballot_id = :b and action in ('NOT_OPENED', 'NOT_OPENED_CLOSED')
                                    """)
                            .param("b", id)
                            .query(Long.class)
                            .single()
                            .equals(1L));
        }
        String practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        String prefix = "RC" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        BallotFixtures.addMembers(
                jdbc, prefix, 7_000_000 + Math.abs(prefix.hashCode() % 900_000), 1, "SALARIED", practice, "mail.test");
        String scrutineer = token("SCRUTINEER");
        String whatToDo = ". It has no roll to correct: the roll is made when it opens, of every member eligible under"
                + " its rules then. Put the member's details right in the membership file (Members → Import the"
                + " membership file) before it opens, if it is scheduled again, or correct the roll once it is open";

        Map<Long, String> expected = Map.of(
                keyless,
                "The clock left this ballot shut at its opening time, " + UkTime.format(opened) + " (UK time), and its"
                        + " log says why; it cannot open until it is unscheduled (and scheduled again, if wanted)"
                        + whatToDo,
                windowPassed,
                "The clock left this ballot shut, and its log says why; its closing time, " + UkTime.format(closed)
                        + " (UK time), has passed, so it will not open: it must be unscheduled (and given new times"
                        + " and scheduled again, if wanted)" + whatToDo);
        expected.forEach((ballot, detail) -> {
            Http.Response refused = new Http(port)
                    .postJson(
                            "/api/ballots/" + ballot + "/roll",
                            Map.of("membershipNumber", prefix + "1", "reason", "Joined by post before the cut-off"),
                            scrutineer);

            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.json().get("detail").asString()).isEqualTo(detail);
            assertThat(jdbc.sql("select status from ballots.ballot where id = :b")
                            .param("b", ballot)
                            .query(String.class)
                            .single())
                    .as("still scheduled: the clock left it shut")
                    .isEqualTo("SCHEDULED");
            assertThat(jdbc.sql("select count(*) from ballots.roll_entry where ballot_id = :b")
                            .param("b", ballot)
                            .query(Long.class)
                            .single())
                    .isZero();
        });
    }

    private String token(String role) {
        String email = role.toLowerCase() + "." + UUID.randomUUID().toString().substring(0, 8) + "@staff.test";
        staffAccounts.create(
                new CreateStaffCommand(email, "quartz meadow lantern", role, List.of(), null),
                TestAdmin.id(staffAccounts),
                "test");
        return new Http(port).apiToken(email, "quartz meadow lantern");
    }

    private String adminToken() {
        return new Http(port).apiToken(TestAdmin.EMAIL, TestAdmin.PASSWORD);
    }
}
