package org.gpaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A page that refuses what was typed answers 400, says so in its title first, and keeps what was typed. */
@GpActionTest
class RefusedPageTitleTests {

    @LocalServerPort
    int port;

    @Test
    void aTokenNameRefusedComesBackAsTypedUnderAnErrorTitle() {
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        admin.get("/account");
        String name = "membership sync " + "x".repeat(100);

        Http.Response refused = admin.postForm("/account/tokens", Map.of("name", name));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body())
                .contains("<title>Error: ")
                .contains("Token name must be 100 characters or fewer")
                .containsPattern("<input[^>]*id=\"name\"[^>]*value=\"" + name + "\"")
                .contains("id=\"name-error\"")
                .doesNotContain("id=\"new-token\"");
        assertThat(admin.get("/account").body()).doesNotContain(name);
    }

    @Test
    void anOdsCodeRefusedComesBackAsTypedUnderAnErrorTitle() {
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        Http.Response refused = admin.get("/actions/practices?ods=A81-001");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body())
                .contains("<title>Error: ")
                .contains("Enter an ODS code, like A81001")
                .containsPattern("<input[^>]*id=\"ods\"[^>]*value=\"A81-001\"")
                .contains("href=\"#ods\"");
    }
}
