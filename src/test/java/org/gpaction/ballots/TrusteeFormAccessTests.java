package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gpaction.capacity.CapacityTestData;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The trustees' forms (a key, a decryption share) are a scrutineer's alone, and a key's removal a scrutineer's or an
 * administrator's: anyone else signed in is refused before the form's body is read, not only once a controller has
 * been given it.
 */
@GpActionTest
class TrusteeFormAccessTests {

    static final String REFUSED_BEFORE_THE_BODY = "Your account's role does not allow this.";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void staffWhoAreNotScrutineersAreRefusedBeforeTheFormIsRead_andAScrutineerIsNot() {
        CapacityTestData data = new CapacityTestData(jdbc, new Http(port));
        long ballot = new VotingFixtures(jdbc).openBallot(Duration.ofHours(1));
        String ods = data.practice(6_000);
        String share = "x".repeat(200_000);
        for (String role : List.of("RECEPTIONIST", "PRACTICE_MANAGER", "ADMIN")) {
            Http staff = signedIn(data.staff(role, role.equals("ADMIN") ? List.of() : List.of(ods), null));
            for (String form : List.of("/trustees", "/trustees/remove", "/trustees/shares")) {
                if (role.equals("ADMIN") && form.equals("/trustees/remove")) {
                    continue;
                }
                Http.Response refused =
                        staff.postForm("/ballots/" + ballot + form, Map.of("shareFile", share, "keyFile", share));
                assertThat(refused.status()).as(role + " " + form).isEqualTo(403);
                assertThat(refused.body()).as(role + " " + form).isEqualTo(REFUSED_BEFORE_THE_BODY);
            }
        }

        Http administrator = signedIn(data.staff("ADMIN", List.of(), null));
        Http.Response removal =
                administrator.postForm("/ballots/" + ballot + "/trustees/remove", Map.of("publicKey", "02ab"));
        assertThat(removal.body())
                .as("an administrator's removal is read, as one may remove the key of an account disabled or no"
                        + " longer a scrutineer")
                .isNotEqualTo(REFUSED_BEFORE_THE_BODY)
                .contains("Trustees&#39; keys are fixed once a ballot is scheduled");

        Http scrutineer = signedIn(data.staff("SCRUTINEER", List.of(), null));
        assertThat(scrutineer.get("/ballots/" + ballot + "/trustees").status()).isEqualTo(200);
        Http.Response read = scrutineer.postForm("/ballots/" + ballot + "/trustees/shares", Map.of("shareFile", "{}"));
        assertThat(read.body())
                .as("a scrutineer's form is read, and answered by the page")
                .isNotEqualTo(REFUSED_BEFORE_THE_BODY);
    }

    private Http signedIn(String email) {
        Http http = new Http(port);
        assertThat(http.signIn(email, CapacityTestData.PASSWORD).status()).isLessThan(400);
        return http;
    }
}
