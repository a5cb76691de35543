package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Only the scrutineer certifies a ballot's report, only after the close, once; nothing is published before. */
@GpActionTest
class CertificationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Http api;
    ResultsTestData data;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Http(port);
        data = new ResultsTestData(jdbc, api);
        admin = data.adminToken();
    }

    long closedBallot(String title) {
        long id = data.closed(title, List.of("Yes", "No"));
        data.roll(id, 10, 6, 2);
        return id;
    }

    @Test
    void anAdministratorCannotCertifyThroughTheApiAndIsRefusedBeforeTheBodyIsRead() {
        long id = closedBallot("Admins cannot certify");

        Http.Response refused =
                api.postJson("/api/ballots/" + id + "/certification", Map.of("qualifications", ""), admin);
        assertThat(refused.status()).isEqualTo(403);
        Http.Response malformed = api.postJson("/api/ballots/" + id + "/certification", "{not json", admin);
        assertThat(malformed.status()).as("refused before the body is parsed").isEqualTo(403);
        String manager = data.token(
                data.staff(
                        "PRACTICE_MANAGER",
                        List.of(org.gpaction.support.TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null))),
                ResultsTestData.PASSWORD);
        assertThat(api.postJson("/api/ballots/" + id + "/certification", "{not json", manager)
                        .status())
                .isEqualTo(403);
        assertThat(api.postJson("/api/ballots/" + id + "/certification", "{}", null)
                        .status())
                .isEqualTo(401);
        assertThat(certifiedBy(id)).isNull();
    }

    @Test
    void aFieldCertificationDoesNotTakeIsRefusedNamingIt_andTheReportIsNotCertified() {
        long id = closedBallot("Certified exactly");
        String scrutineer = data.scrutineerToken();
        assertThat(api.postJson("/api/ballots/" + id + "/certification", Map.of("qualification", "None"), admin)
                        .status())
                .as("an administrator is refused before the body is read")
                .isEqualTo(403);

        Http.Response refused =
                api.postJson("/api/ballots/" + id + "/certification", Map.of("qualification", "None"), scrutineer);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode error = refused.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("qualification");
        assertThat(error.get("message").asString())
                .isEqualTo("qualification is not a field this request takes: send qualifications instead");
        assertThat(certifiedBy(id)).isNull();
    }

    @Test
    void anAdministratorCannotCertifyThroughThePagesNorSeesTheButton() {
        long id = closedBallot("Admin pages cannot certify");
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        Http.Response results = pages.get("/ballots/" + id + "/results");
        assertThat(results.body()).contains("Not yet certified").doesNotContain("id=\"certify\"");
        assertThat(results.body()).doesNotContain("Publish the result");
        assertThat(pages.get("/ballots/" + id + "/certification").status()).isEqualTo(403);
        assertThat(pages.postForm("/ballots/" + id + "/certification", Map.of("confirm", "yes"))
                        .status())
                .isEqualTo(403);
        assertThat(certifiedBy(id)).isNull();
    }

    @Test
    void aScrutineerCertifiesOnlyAfterTheCloseAndOnlyOnce() {
        long open = data.open("Still open", List.of("Yes", "No"));
        String scrutineer = data.scrutineerToken();
        Http.Response early =
                api.postJson("/api/ballots/" + open + "/certification", Map.of("qualifications", ""), scrutineer);
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body()).contains("once voting closes");
        assertThat(api.postJson("/api/ballots/999999999/certification", Map.of(), scrutineer)
                        .status())
                .isEqualTo(404);

        long id = closedBallot("Certified once");
        Http.Response nul = api.postJson(
                "/api/ballots/" + id + "/certification", Map.of("qualifications", "Statement 2:\u0000"), scrutineer);
        assertThat(nul.status()).as(nul.body()).isEqualTo(400);
        assertThat(nul.body())
                .contains("\"field\":\"qualifications\"")
                .contains("Qualifications must not contain control characters");
        Http.Response certified = api.postJson(
                "/api/ballots/" + id + "/certification",
                Map.of("qualifications", "Statement 2: 3 ballot emails were filtered by one employer's mail server."),
                scrutineer);
        assertThat(certified.status()).as(certified.body()).isEqualTo(201);
        JsonNode certificate = certified.json();
        assertThat(certificate.get("certifiedBy").asString()).startsWith("scrutineer.");
        assertThat(certificate.get("qualifications").asString()).startsWith("Statement 2:");

        Http.Response again = api.postJson(
                "/api/ballots/" + id + "/certification", Map.of("qualifications", "Changed my mind"), scrutineer);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("already certified");
        assertThat(jdbc.sql("select detail from ballots.ballot_log where ballot_id = :id and action = 'CERTIFIED'")
                        .param("id", id)
                        .query(String.class)
                        .list())
                .singleElement()
                .asString()
                .contains(
                        "Report certified by " + certificate.get("certifiedBy").asString())
                .contains("with qualifications: Statement 2:");
        JsonNode results = api.get("/api/ballots/" + id + "/results", admin).json();
        assertThat(results.get("certificate").get("certifiedBy").asString())
                .isEqualTo(certificate.get("certifiedBy").asString());
    }

    @Test
    void publicationIsRefusedUntilTheScrutineerHasCertifiedAndAllowedAfter() {
        long id = closedBallot("Publish after certification");
        String scrutineer = data.scrutineerToken();

        Http.Response refused = api.postJson("/api/ballots/" + id + "/publish", "{}", admin);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("has not certified");
        assertThat(api.postJson("/api/ballots/" + id + "/publish", "{}", scrutineer)
                        .status())
                .isEqualTo(409);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        pages.get("/ballots/" + id + "/results");
        assertThat(pages.postForm("/ballots/" + id + "/publish", Map.of()).status())
                .isEqualTo(409);
        assertThat(pages.get("/ballots/" + id + "/report").body())
                .contains("id=\"certification-status\">Not yet certified<")
                .doesNotContain("Signed:");

        assertThat(api.postJson("/api/ballots/" + id + "/certification", "{}", scrutineer)
                        .status())
                .isEqualTo(201);
        assertThat(pages.get("/ballots/" + id + "/report").body())
                .contains("id=\"certification-status\">Certified<")
                .contains("None: the statements stand as written")
                .contains(certifiedBy(id) + " for Independent Scrutineer Ltd, independent scrutineer");
        Http.Response published = api.postJson("/api/ballots/" + id + "/publish", "{}", admin);
        assertThat(published.status()).as(published.body()).isEqualTo(200);
        assertThat(published.json().get("status").asString()).isEqualTo("PUBLISHED");
    }

    @Test
    void theScrutineerCertifiesThroughThePageWithAConfirmationAndSeesItDone() {
        long id = closedBallot("Certified on the page");
        String email = data.scrutineer();
        Http pages = data.signedIn(port, email);

        Http.Response results = pages.get("/ballots/" + id + "/results");
        assertThat(results.body()).contains("id=\"certify\"").contains("Not yet certified");
        Http.Response form = pages.get("/ballots/" + id + "/certification");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("I am satisfied that there are no reasonable grounds");

        Http.Response unconfirmed = pages.postForm(
                "/ballots/" + id + "/certification", Map.of("qualifications", "<script>alert(1)</script>"));
        assertThat(unconfirmed.status()).isEqualTo(400);
        assertThat(unconfirmed.body())
                .contains("href=\"#confirm\">Confirm that you have examined the report")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert(1)");
        assertThat(certifiedBy(id)).isNull();

        Http.Response done = pages.postForm(
                "/ballots/" + id + "/certification",
                Map.of("qualifications", "<script>alert(1)</script>", "confirm", "yes"));
        assertThat(done.status()).isEqualTo(302);
        assertThat(done.header("location")).endsWith("/ballots/" + id + "/results");
        Http.Response after = pages.get("/ballots/" + id + "/results");
        assertThat(after.body())
                .contains("You certified the report")
                .contains("id=\"certified-by\">" + email)
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("id=\"certify\"")
                .contains("Publish the result");
        assertThat(pages.get("/ballots/" + id + "/certification").status()).isEqualTo(409);
        assertThat(certifiedBy(id)).isEqualTo(email);
    }

    @Test
    void theCertificationsLocationAnswersIt_toTheScrutineerOnly_andIsNotFoundBeforeCertification() {
        long id = closedBallot("Certification to follow");
        String scrutineer = data.scrutineerToken();
        String path = "/api/ballots/" + id + "/certification";
        Http.Response before = api.get(path, scrutineer);
        assertThat(before.status()).as(before.body()).isEqualTo(404);
        assertThat(before.body()).contains("not certified");
        assertThat(api.get("/api/ballots/999999999/certification", scrutineer).status())
                .isEqualTo(404);

        Http.Response certified =
                api.postJson(path, Map.of("qualifications", "Statement 2: one email was filtered."), scrutineer);
        assertThat(certified.status()).as(certified.body()).isEqualTo(201);
        String logHash = api.get("/api/ballots/" + id + "/results", admin)
                .json()
                .get("logHash")
                .asString();
        assertThat(certified.json().get("logHash").asString()).isEqualTo(logHash);

        Http.Response followed = api.get(certified.header("location"), scrutineer);
        assertThat(followed.status()).as(followed.body()).isEqualTo(200);
        assertThat(followed.json()).isEqualTo(certified.json());
        assertThat(followed.json().get("certifiedBy").asString()).startsWith("scrutineer.");
        assertThat(followed.json().get("qualifications").asString()).isEqualTo("Statement 2: one email was filtered.");
        assertThat(api.get(path, admin).status())
                .as("as for certifying: scrutineers only")
                .isEqualTo(403);
        assertThat(api.get(path, null).status()).isEqualTo(401);
    }

    @Test
    void theCertificationPageOfACertifiedReportSaysByWhomAndWhen() {
        long id = closedBallot("Certified already, page");
        String email = data.scrutineer();
        Http pages = data.signedIn(port, email);
        pages.get("/ballots/" + id + "/results");
        assertThat(pages.postForm("/ballots/" + id + "/certification", Map.of("confirm", "yes"))
                        .status())
                .isEqualTo(302);
        String when = jdbc.sql("select certified_at from ballots.ballot where id = :id")
                .param("id", id)
                .query((rs, row) ->
                        org.gpaction.common.UkTime.onOrAt(rs.getTimestamp(1).toInstant()))
                .single();

        Http.Response again = pages.get("/ballots/" + id + "/certification");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("The report is already certified, by " + email + " " + when + " (UK time)");
    }

    @Test
    void theCertificationEndpointIsInTheOpenApiDocument() {
        JsonNode post = new Http(port)
                .get("/api/openapi.json")
                .json()
                .get("paths")
                .get("/api/ballots/{id}/certification")
                .get("post");
        assertThat(post.get("responses").has("201")).isTrue();
        assertThat(post.get("responses").has("409")).isTrue();
        assertThat(post.get("requestBody").toString()).contains("CertificationRequest");
    }

    String certifiedBy(long id) {
        return jdbc.sql("select certified_by from ballots.ballot where id = :id")
                .param("id", id)
                .query(String.class)
                .list()
                .get(0);
    }
}
