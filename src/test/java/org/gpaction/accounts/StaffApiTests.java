package org.gpaction.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gpaction.accounts.security.SignInThrottle;
import org.gpaction.accounts.staff.StaffAccounts;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@GpActionTest
class StaffApiTests {

    @LocalServerPort
    int port;

    @Autowired
    SignInThrottle signInThrottle;

    @Autowired
    JdbcClient jdbc;

    Http http;
    String adminToken;

    @BeforeEach
    void signInAsTheBootstrapAdmin() {
        http = new Http(port);
        Http.Response response =
                http.postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD));
        assertThat(response.status()).isEqualTo(201);
        adminToken = response.json().get("token").asString();
    }

    @Test
    void theBootstrapAdminCanGetAnApiTokenAndUseIt() {
        assertThat(adminToken).hasSize(43);
        Http.Response staff = http.get("/api/staff", adminToken);
        assertThat(staff.status()).isEqualTo(200);
        assertThat(staff.body()).contains(TestAdmin.EMAIL);
    }

    @Test
    void noDefaultPasswordWorks() {
        for (String email : List.of("admin", "admin@localhost", "admin@example.com", TestAdmin.EMAIL)) {
            for (String password : List.of("admin", "password", "changeme", "", "admin123")) {
                Http.Response response = http.postJson("/api/tokens", Map.of("email", email, "password", password));
                assertThat(response.status()).as(email + " / " + password).isIn(400, 401, 429);
                assertThat(response.body()).doesNotContain("token\"");
            }
        }
        // The guesses paused the administrator's account, which every other test signs in as: lifted, as a password
        // chosen from a reset link lifts it.
        signInThrottle.passwordChosenFromLink(TestAdmin.EMAIL);
    }

    @Test
    void anOverlongEmailForATokenIsRefusedNamingTheField() {
        Http.Response response = http.postJson(
                "/api/tokens",
                Map.of("email", "a".repeat(StaffAccounts.MAX_EMAIL_LENGTH) + "@example.org", "password", "anything"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").findValuesAsString("field")).containsExactly("email");
    }

    @Test
    void unauthenticatedApiCallsGetJson401NotASignInPage() {
        Http.Response response = http.get("/api/staff");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(401);

        Http.Response forged = http.get("/api/staff", "not-a-real-token");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.body()).doesNotContain("<html");
    }

    @Test
    void anAdminCreatesAPracticeManagerWhoCanThenGetATokenButNotManageStaff() {
        String email = unique("manager");
        String first = TestPractices.add(jdbc);
        String second = TestPractices.add(jdbc);
        Http.Response created = http.postJson(
                "/api/staff",
                Map.of(
                        "email",
                        email,
                        "password",
                        "granite puffin ledger",
                        "role",
                        "PRACTICE_MANAGER",
                        "practices",
                        List.of(first.toLowerCase(), second)),
                adminToken);
        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.get("email").asString()).isEqualTo(email);
        assertThat(body.get("role").asString()).isEqualTo("PRACTICE_MANAGER");
        assertThat(body.get("practices").toString()).isEqualTo("[\"" + first + "\",\"" + second + "\"]");
        assertThat(body.has("password")).isFalse();
        assertThat(created.body()).doesNotContain("argon2");

        Http.Response token = http.postJson("/api/tokens", Map.of("email", email, "password", "granite puffin ledger"));
        assertThat(token.status()).isEqualTo(201);
        Http.Response forbidden =
                http.get("/api/staff", token.json().get("token").asString());
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.header("content-type")).startsWith("application/problem+json");
    }

    @Test
    void badStaffDetailsAreRefusedNamingEachFieldAndNothingIsCreated() {
        Http.Response response = http.postJson(
                "/api/staff",
                Map.of("email", "not-an-email", "password", "password1234", "role", "LMC_OFFICER"),
                adminToken);
        assertThat(response.status()).isEqualTo(400);
        JsonNode errors = response.json().get("errors");
        assertThat(errors.findValuesAsString("field")).containsExactlyInAnyOrder("email", "password", "lmc");
        assertThat(http.get("/api/staff", adminToken).body()).doesNotContain("not-an-email");
    }

    @Test
    void oneOdsCodeGivenAsTextNotAListIsRefusedNamingThePracticesField() {
        String email = unique("single");
        Http.Response response = http.postJson(
                "/api/staff",
                Map.of(
                        "email",
                        email,
                        "password",
                        "granite puffin ledger",
                        "role",
                        "PRACTICE_MANAGER",
                        "practices",
                        TestPractices.add(jdbc)),
                adminToken);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("practices");
        assertThat(response.json().get("detail").asString()).isEqualTo("practices must be a list");
        assertThat(response.body()).doesNotContain("granite");
        assertThat(http.get("/api/staff", adminToken).body()).doesNotContain(email);
    }

    @Test
    void anEmptyEntryInThePracticesListIsRefusedNamingThePracticesFieldAndChangesNothing() {
        String practice = TestPractices.add(jdbc);
        String email = unique("nullpractice");
        Map<String, Object> create = new HashMap<>();
        create.put("email", email);
        create.put("role", "PRACTICE_MANAGER");
        create.put("practices", Arrays.asList(practice, null));

        Http.Response created = http.postJson("/api/staff", create, adminToken);

        assertThat(created.status()).as(created.body()).isEqualTo(400);
        assertThat(created.json().get("errors").findValuesAsString("field")).containsExactly("practices");
        assertThat(created.json().get("errors").get(0).get("message").asString())
                .contains("empty entry");
        assertThat(http.get("/api/staff", adminToken).body()).doesNotContain(email);

        String existing = unique("practicekept");
        Http.Response made = http.postJson(
                "/api/staff",
                Map.of("email", existing, "role", "PRACTICE_MANAGER", "practices", List.of(practice)),
                adminToken);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        long id = made.json().get("id").asLong();
        Map<String, Object> change = new HashMap<>();
        change.put("role", "RECEPTIONIST");
        change.put("practices", Arrays.asList(null, TestPractices.add(jdbc)));

        Http.Response changed = http.putJson("/api/staff/" + id, change, adminToken);

        assertThat(changed.status()).as(changed.body()).isEqualTo(400);
        assertThat(changed.json().get("errors").findValuesAsString("field")).containsExactly("practices");
        JsonNode kept = http.get("/api/staff/" + id, adminToken).json();
        assertThat(kept.get("role").asString()).isEqualTo("PRACTICE_MANAGER");
        assertThat(kept.get("practices").toString()).isEqualTo("[\"" + practice + "\"]");
    }

    @Test
    void anAccountMadeUnderAnOlderAddressRuleCanStillHaveItsRoleAndPracticesChanged() {
        String practice = TestPractices.add(jdbc);
        Http.Response made = http.postJson(
                "/api/staff",
                Map.of("email", unique("olderrule"), "role", "PRACTICE_MANAGER", "practices", List.of(practice)),
                adminToken);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        long id = made.json().get("id").asLong();
        // As an account made before addresses were checked against the mail library: a full stop after the domain.
        jdbc.sql("update accounts.staff set email = email || '.' where id = :id")
                .param("id", id)
                .update();

        String another = TestPractices.add(jdbc);
        Http.Response changed = http.putJson(
                "/api/staff/" + id, Map.of("role", "PRACTICE_MANAGER", "practices", List.of(another)), adminToken);

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(http.get("/api/staff/" + id, adminToken)
                        .json()
                        .get("practices")
                        .toString())
                .isEqualTo("[\"" + another + "\"]");
    }

    @Test
    void aControlCharacterInAnEmailAnLmcOrATokenNameIsRefusedNamingTheField() {
        String email = unique("control");
        Http.Response badEmail = http.postJson(
                "/api/staff",
                Map.of("email", email.replace("@", "\u0000@"), "password", "juniper quartz saddle", "role", "ADMIN"),
                adminToken);
        assertThat(badEmail.status()).isEqualTo(400);
        assertThat(badEmail.json().get("errors").findValuesAsString("field")).containsExactly("email");
        Http.Response badLmc = http.postJson(
                "/api/staff",
                Map.of("email", email, "password", "juniper quartz saddle", "role", "LMC_OFFICER", "lmc", "Kent\u0000"),
                adminToken);
        assertThat(badLmc.status()).isEqualTo(400);
        assertThat(badLmc.json().get("errors").findValuesAsString("field")).containsExactly("lmc");
        assertThat(http.get("/api/staff", adminToken).body()).doesNotContain(email.substring(0, 16));
        Http.Response badName = http.postJson(
                "/api/tokens",
                Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD, "name", "laptop\u0000"));
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.body()).contains("control characters");
        Http.Response longName = http.postJson(
                "/api/tokens",
                Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD, "name", "n".repeat(101)));
        assertThat(longName.status()).isEqualTo(400);
        assertThat(longName.body()).contains("100 characters or fewer");
    }

    @Test
    void anLmcOrPracticeTheDirectoryDoesNotKnowIsRefusedNamingTheFieldAndNothingIsCreated() {
        String officer = unique("officer");
        Http.Response unknownLmc = http.postJson(
                "/api/staff",
                Map.of(
                        "email",
                        officer,
                        "password",
                        "granite puffin ledger",
                        "role",
                        "LMC_OFFICER",
                        "lmc",
                        "Nonexistent LMC"),
                adminToken);
        assertThat(unknownLmc.status()).isEqualTo(400);
        JsonNode lmcError = unknownLmc.json().get("errors").get(0);
        assertThat(lmcError.get("field").asString()).isEqualTo("lmc");
        assertThat(lmcError.get("message").asString())
                .isEqualTo("There is no LMC called 'Nonexistent LMC' in the practices directory");

        String manager = unique("manager");
        Http.Response unknownPractice = http.postJson(
                "/api/staff",
                Map.of(
                        "email",
                        manager,
                        "password",
                        "granite puffin ledger",
                        "role",
                        "PRACTICE_MANAGER",
                        "practices",
                        List.of(TestPractices.add(jdbc), "A99999")),
                adminToken);
        assertThat(unknownPractice.status()).isEqualTo(400);
        JsonNode practiceError = unknownPractice.json().get("errors").get(0);
        assertThat(practiceError.get("field").asString()).isEqualTo("practices");
        assertThat(practiceError.get("message").asString()).isEqualTo("A99999 is not in the practices directory");

        assertThat(http.get("/api/staff", adminToken).body()).doesNotContain(officer, manager);
    }

    @Test
    void anLmcOfficerIsTiedToAnLmcTheDirectoryKnowsAsTheDirectorySpellsIt() {
        String lmc = TestPractices.addLmc(jdbc);
        Http.Response created = http.postJson(
                "/api/staff",
                Map.of(
                        "email",
                        unique("officer"),
                        "password",
                        "granite puffin ledger",
                        "role",
                        "LMC_OFFICER",
                        "lmc",
                        " " + lmc.toLowerCase() + " "),
                adminToken);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("lmc").asString()).isEqualTo(lmc);
    }

    @Test
    void theStaffPageNamesAPracticeTheDirectoryDoesNotKnowAndCreatesNobody() {
        Http browser = new Http(port);
        browser.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        browser.get("/admin/staff/new");
        String email = unique("manager");
        Http.Response page = browser.postForm(
                "/admin/staff",
                Map.of(
                        "email",
                        email,
                        "password",
                        "granite puffin ledger",
                        "role",
                        "PRACTICE_MANAGER",
                        "practices",
                        "A99999"));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("govuk-error-summary").contains("A99999 is not in the practices directory");
        assertThat(http.get("/api/staff", adminToken).body()).doesNotContain(email);
    }

    @Test
    void aDuplicateEmailIsRefusedWhateverItsCase() {
        String email = unique("dup");
        Map<String, Object> staff = Map.of("email", email, "password", "walnut harbour sketch", "role", "SCRUTINEER");
        assertThat(http.postJson("/api/staff", staff, adminToken).status()).isEqualTo(201);
        Http.Response again = http.postJson(
                "/api/staff",
                Map.of("email", email.toUpperCase(), "password", "walnut harbour sketch", "role", "SCRUTINEER"),
                adminToken);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("already exists");
    }

    @Test
    void anAccountWithAFieldItDoesNotTakeIsRefusedNamingIt_andNobodyIsCreated() {
        String practice = TestPractices.add(jdbc);
        String email = unique("misnamed");
        Map<String, Object> misnamed =
                Map.of("email", email, "role", "PRACTICE_MANAGER", "practice", List.of(practice));

        Http.Response refused = http.postJson("/api/staff", misnamed, adminToken);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode error = refused.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("practice");
        assertThat(error.get("message").asString())
                .isEqualTo("practice is not a field this request takes: send practices instead");
        assertThat(http.get("/api/staff", adminToken).body()).doesNotContain(email);

        String manager = unique("notadmin");
        assertThat(http.postJson(
                                "/api/staff",
                                Map.of(
                                        "email",
                                        manager,
                                        "password",
                                        "granite puffin ledger",
                                        "role",
                                        "PRACTICE_MANAGER",
                                        "practices",
                                        List.of(practice)),
                                adminToken)
                        .status())
                .isEqualTo(201);
        String managerToken = http.postJson(
                        "/api/tokens", Map.of("email", manager, "password", "granite puffin ledger"))
                .json()
                .get("token")
                .asString();
        assertThat(http.postJson("/api/staff", "{not json", managerToken).status())
                .as("refused before the body is read")
                .isEqualTo(403);
    }

    @Test
    void anAccountAsGetGivesItMayBePutBackChanged_butAFieldTheChangeDoesNotTakeOrAnotherEmailIsRefused() {
        String first = TestPractices.add(jdbc);
        String second = TestPractices.add(jdbc);
        Http.Response made = http.postJson(
                "/api/staff",
                Map.of("email", unique("putback"), "role", "PRACTICE_MANAGER", "practices", List.of(first)),
                adminToken);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        long id = made.json().get("id").asLong();
        String path = "/api/staff/" + id;

        Map<String, Object> misnamed = new HashMap<>(Map.of("role", "PRACTICE_MANAGER", "practice", List.of(second)));
        Http.Response refused = http.putJson(path, misnamed, adminToken);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("message").asString())
                .isEqualTo("practice is not a field this request takes: send practices instead");

        String got = http.get(path, adminToken).body();
        String otherEmail = got.replaceFirst("\"email\":\"putback", "\"email\":\"other");
        Http.Response anotherEmail = http.putJson(path, otherEmail, adminToken);
        assertThat(anotherEmail.status()).as(anotherEmail.body()).isEqualTo(400);
        assertThat(anotherEmail.json().get("errors").findValuesAsString("field"))
                .containsExactly("email");
        Http.Response disabledHere =
                http.putJson(path, got.replace("\"enabled\":true", "\"enabled\":false"), adminToken);
        assertThat(disabledHere.status()).as(disabledHere.body()).isEqualTo(400);
        assertThat(disabledHere.json().get("errors").findValuesAsString("field"))
                .containsExactly("enabled");
        assertThat(http.get(path, adminToken).body())
                .as("nothing refused was changed")
                .isEqualTo(got);

        Http.Response putBack = http.putJson(path, got.replace(first, second), adminToken);
        assertThat(putBack.status()).as(putBack.body()).isEqualTo(200);
        assertThat(putBack.json().get("practices").toString()).isEqualTo("[\"" + second + "\"]");
        assertThat(putBack.json().get("enabled").asBoolean()).isTrue();
    }

    @Test
    void aTokenAskedForWithAFieldItDoesNotTakeIsRefusedNamingIt_andNoneIsIssued() {
        int before = http.get("/api/tokens", adminToken).json().size();

        Http.Response refused = http.postJson(
                "/api/tokens",
                Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD, "expiresIn", "30 days"));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode error = refused.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("expiresIn");
        assertThat(error.get("message").asString())
                .startsWith("expiresIn is not a field this request takes: send only ")
                .contains("email")
                .contains("password")
                .contains("name");
        assertThat(refused.body()).doesNotContain(TestAdmin.PASSWORD);
        assertThat(http.get("/api/tokens", adminToken).json().size()).isEqualTo(before);
    }

    @Test
    void malformedJsonGetsAClearError() {
        Http.Response response = http.postJson("/api/staff", "{\"email\": ", adminToken);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains("JSON");
    }

    @Test
    void disablingAnAccountRevokesItsTokensAndReEnablingDoesNotBringThemBack() {
        String email = unique("scrutineer");
        long id = http.postJson(
                        "/api/staff",
                        Map.of("email", email, "password", "orchid tunnel basket", "role", "SCRUTINEER"),
                        adminToken)
                .json()
                .get("id")
                .asLong();
        String token = http.postJson("/api/tokens", Map.of("email", email, "password", "orchid tunnel basket"))
                .json()
                .get("token")
                .asString();
        assertThat(http.get("/api/tokens", token).status()).isEqualTo(200);

        assertThat(http.postJson("/api/staff/" + id + "/disable", "{}", adminToken)
                        .status())
                .isEqualTo(200);
        assertThat(http.get("/api/tokens", token).status()).isEqualTo(401);
        assertThat(http.postJson("/api/tokens", Map.of("email", email, "password", "orchid tunnel basket"))
                        .status())
                .as("the right password, refused because the account is disabled")
                .isEqualTo(403);

        assertThat(http.postJson("/api/staff/" + id + "/enable", "{}", adminToken)
                        .status())
                .isEqualTo(200);
        assertThat(http.get("/api/tokens", token).status()).isEqualTo(401);
        String fresh = http.postJson("/api/tokens", Map.of("email", email, "password", "orchid tunnel basket"))
                .json()
                .get("token")
                .asString();
        assertThat(http.get("/api/tokens", fresh).status()).isEqualTo(200);
    }

    @Test
    void anInvitationSentBeforeTheAccountWasDisabledDoesNotWorkOnceItIsEnabledAgain() {
        String email = unique("leaver");
        long id = http.postJson("/api/staff", Map.of("email", email, "role", "SCRUTINEER"), adminToken)
                .json()
                .get("id")
                .asLong();
        String link = org.gpaction.support.TestMailbox.awaitMessageTo(email, "You have a GP Action staff account")
                .firstLink();
        String path = link.substring(link.indexOf("/account/password/"));
        assertThat(http.get(path).status()).isEqualTo(200);

        assertThat(http.postJson("/api/staff/" + id + "/disable", Map.of(), adminToken)
                        .status())
                .isEqualTo(200);
        assertThat(http.postJson("/api/staff/" + id + "/enable", Map.of(), adminToken)
                        .status())
                .isEqualTo(200);

        Http.Response page = http.get(path);
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("This link does not work");
    }

    @Test
    void aRevokedBearerTokenSentWithTheRightPasswordStillGetsANewToken() {
        Http.Response issued =
                http.postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD));
        String revoked = issued.json().get("token").asString();
        assertThat(http.delete("/api/tokens/" + issued.json().get("id").asLong(), revoked)
                        .status())
                .isEqualTo(204);

        Http.Response fresh =
                http.postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD), revoked);
        assertThat(fresh.status()).as(fresh.body()).isEqualTo(201);
        assertThat(http.get("/api/tokens", fresh.json().get("token").asString()).status())
                .isEqualTo(200);
        assertThat(http.get("/api/tokens", revoked).status()).isEqualTo(401);
    }

    @Test
    void anAdminCannotDisableTheirOwnAccount() {
        long ownId = 0;
        for (JsonNode staff : http.get("/api/staff", adminToken).json()) {
            if (staff.get("email").asString().equals(TestAdmin.EMAIL)) {
                ownId = staff.get("id").asLong();
            }
        }
        Http.Response response = http.postJson("/api/staff/" + ownId + "/disable", "{}", adminToken);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("cannot disable your own account");
    }

    @Test
    void tokensAreListedWithoutTheirSecretAndCanBeRevoked() {
        Http.Response issued = http.postJson(
                "/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD, "name", "revoke me"));
        String token = issued.json().get("token").asString();
        long id = issued.json().get("id").asLong();

        Http.Response list = http.get("/api/tokens", token);
        assertThat(list.body()).contains("revoke me").doesNotContain(token);

        assertThat(http.delete("/api/tokens/" + id, token).status()).isEqualTo(204);
        assertThat(http.get("/api/tokens", token).status()).isEqualTo(401);
        Http.Response notYours = http.delete("/api/tokens/" + id, adminToken);
        assertThat(notYours.status()).isEqualTo(404);
        assertThat(notYours.header("content-type")).startsWith("application/problem+json");
        assertThat(notYours.json().get("detail").asString())
                .isEqualTo("You have no live token " + id + ": GET /api/tokens lists yours");
    }

    @Test
    void theOpenApiDocumentDescribesTheApi() {
        Http.Response response = http.get("/api/openapi.json");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("paths").has("/api/staff")).isTrue();
        assertThat(response.json().get("paths").has("/api/tokens")).isTrue();
    }

    @Test
    void theOpenApiDocumentGivesTheStatusEachAccountsCallAnswersWith() {
        JsonNode document = http.get("/api/openapi.json").json();
        JsonNode paths = document.get("paths");
        JsonNode issue = paths.get("/api/tokens").get("post").get("responses");
        assertThat(issue.has("201")).as(issue.toString()).isTrue();
        assertThat(issue.has("200")).isFalse();
        assertThat(issue.get("201")
                        .get("content")
                        .get("application/json")
                        .get("schema")
                        .get("$ref")
                        .asString())
                .endsWith("/TokenResponse");
        assertThat(issue.has("401")).isTrue();
        assertThat(issue.has("429")).isTrue();
        JsonNode reset = paths.get("/api/staff/{id}/password-reset").get("post").get("responses");
        assertThat(reset.has("202")).as(reset.toString()).isTrue();
        assertThat(reset.has("200")).isFalse();
        assertThat(reset.has("409")).as(reset.toString()).isTrue();
        assertThat(issue.has("403"))
                .as("the right password of a disabled account")
                .isTrue();
        assertThat(paths.get("/api/staff").get("post").get("responses").has("201"))
                .isTrue();
        JsonNode revoke = paths.get("/api/tokens/{id}").get("delete").get("responses");
        assertThat(revoke.has("204")).as(revoke.toString()).isTrue();
        assertThat(revoke.has("404")).isTrue();
        assertThat(document.get("components")
                        .get("securitySchemes")
                        .get("bearer")
                        .get("scheme")
                        .asString())
                .isEqualTo("bearer");
        assertThat(paths.get("/api/staff").get("post").get("security").toString())
                .contains("bearer");
        assertThat(paths.get("/api/tokens").get("post").has("security")).isFalse();
    }

    @Test
    void healthIsPublicButOtherActuatorEndpointsAreForAdminsOnly() {
        Http.Response health = http.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"groups\":[\"liveness\",\"readiness\"],\"status\":\"UP\"}");

        assertThat(http.get("/actuator/metrics").status()).isEqualTo(302);
        http.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertThat(http.get("/actuator/metrics").status()).isEqualTo(200);
    }

    @Test
    void anAccountMadeWithoutAPasswordIsInvitedAndItsScopeAndPasswordLinkAreForAdministratorsOnly() {
        String email = unique("invited");
        Http.Response created = http.postJson("/api/staff", Map.of("email", email, "role", "SCRUTINEER"), adminToken);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("passwordSet").asBoolean()).isFalse();
        long id = created.json().get("id").asLong();
        org.gpaction.support.TestMailbox.Message invitation =
                org.gpaction.support.TestMailbox.awaitMessageTo(email, "You have a GP Action staff account");
        assertThat(invitation.firstLink()).contains("/account/password/");
        assertThat(invitation.body()).doesNotContain("{{");

        Http.Response noRole = http.putJson("/api/staff/" + id, Map.of("role", "PRACTICE_MANAGER"), adminToken);
        assertThat(noRole.status()).isEqualTo(400);
        assertThat(noRole.json().get("errors").findValuesAsString("field")).containsExactly("practices");
        assertThat(http.get("/api/staff/" + id, adminToken).json().get("role").asString())
                .isEqualTo("SCRUTINEER");
        Http.Response promoted = http.putJson("/api/staff/" + id, Map.of("role", "ADMIN"), adminToken);
        assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);
        assertThat(promoted.json().get("role").asString()).isEqualTo("ADMIN");

        long self = java.util.stream.StreamSupport.stream(
                        http.get("/api/staff", adminToken).json().spliterator(), false)
                .filter(staff -> staff.get("email").asString().equals(TestAdmin.EMAIL))
                .findFirst()
                .orElseThrow()
                .get("id")
                .asLong();
        Http.Response demoteSelf = http.putJson("/api/staff/" + self, Map.of("role", "SCRUTINEER"), adminToken);
        assertThat(demoteSelf.status()).isEqualTo(400);
        assertThat(demoteSelf.json().get("errors").findValuesAsString("field")).containsExactly("role");

        assertThat(http.postJson("/api/staff/" + id + "/password-reset", Map.of(), adminToken)
                        .status())
                .isEqualTo(202);
        assertThat(org.gpaction.support.TestMailbox.awaitMessagesTo(email, 2)).hasSize(2);
        assertThat(http.postJson("/api/staff/" + id + "/disable", Map.of(), adminToken)
                        .status())
                .isEqualTo(200);
        Http.Response disabled = http.postJson("/api/staff/" + id + "/password-reset", Map.of(), adminToken);
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(409);
        assertThat(disabled.json().get("detail").asString())
                .isEqualTo("The account is disabled: enable it before sending a password link");
        assertThat(http.putJson("/api/staff/999999999", Map.of("role", "ADMIN"), adminToken)
                        .status())
                .isEqualTo(404);

        String scrutineer = unique("scrutineer");
        assertThat(http.postJson(
                                "/api/staff",
                                Map.of("email", scrutineer, "password", "pewter garland sextant", "role", "SCRUTINEER"),
                                adminToken)
                        .status())
                .isEqualTo(201);
        String theirs = http.postJson("/api/tokens", Map.of("email", scrutineer, "password", "pewter garland sextant"))
                .json()
                .get("token")
                .asString();
        assertThat(http.putJson("/api/staff/" + id, Map.of("role", "ADMIN"), theirs)
                        .status())
                .isEqualTo(403);
        assertThat(http.postJson("/api/staff/" + id + "/password-reset", Map.of(), theirs)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void thePasswordLinkAnswerSaysAnInvitationWasSentToAnAccountNeverSetUpAndAResetLinkToOneThatWas() {
        String invited = unique("never-set-up");
        long invitedId = http.postJson("/api/staff", Map.of("email", invited, "role", "SCRUTINEER"), adminToken)
                .json()
                .get("id")
                .asLong();
        org.gpaction.support.TestMailbox.awaitMessageTo(invited, "You have a GP Action staff account");
        String setUp = unique("set-up");
        long setUpId = http.postJson(
                        "/api/staff",
                        Map.of("email", setUp, "password", "pewter garland sextant", "role", "SCRUTINEER"),
                        adminToken)
                .json()
                .get("id")
                .asLong();

        Http.Response invitation = http.postJson("/api/staff/" + invitedId + "/password-reset", Map.of(), adminToken);
        Http.Response reset = http.postJson("/api/staff/" + setUpId + "/password-reset", Map.of(), adminToken);

        assertThat(invitation.status()).as(invitation.body()).isEqualTo(202);
        assertThat(invitation.json().propertyNames()).containsExactly("message");
        assertThat(invitation.json().get("message").asString())
                .isEqualTo("A new invitation is on its way to the account's email address");
        assertThat(org.gpaction.support.TestMailbox.awaitMessagesTo(invited, 2))
                .extracting(org.gpaction.support.TestMailbox.Message::subject)
                .containsOnly("You have a GP Action staff account");
        assertThat(reset.status()).as(reset.body()).isEqualTo(202);
        assertThat(reset.json().propertyNames()).containsExactly("message");
        assertThat(reset.json().get("message").asString())
                .isEqualTo("A link to choose a new password is on its way to the account's email address");
        assertThat(org.gpaction.support.TestMailbox.awaitMessageTo(setUp).subject())
                .isEqualTo("Choose a new GP Action password");
    }

    static String unique(String name) {
        return name + "." + UUID.randomUUID().toString().substring(0, 8) + "@practice.test";
    }
}
