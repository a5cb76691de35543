package org.gpaction.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.support.FailingController;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

@GpActionTest
@ExtendWith(OutputCaptureExtension.class)
class ErrorPagesTests {

    private static final Pattern REFERENCE = Pattern.compile("class=\"gpa-reference\">([A-Z2-9]{5}-[A-Z2-9]{5})<");

    @LocalServerPort
    int port;

    @Test
    void aServerErrorShowsAReferenceThatIsInTheLogAndNeverTheException(CapturedOutput output) {
        Http browser = new Http(port);
        browser.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        Http.Response page = browser.get("/test-support/fail");
        assertThat(page.status()).isEqualTo(500);
        assertThat(page.body())
                .contains("Sorry, there is a problem with the service")
                .doesNotContain("hunter2")
                .doesNotContain("IllegalStateException")
                .doesNotContain("at org.");
        Matcher reference = REFERENCE.matcher(page.body());
        assertThat(reference.find()).isTrue();
        assertThat(output.getAll()).contains("Server error reference " + reference.group(1));
    }

    @Test
    void aServerErrorQuotingAnEmailAddressIsLoggedWithoutIt(CapturedOutput output) {
        Http browser = new Http(port);
        browser.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        Http.Response page = browser.get("/test-support/fail-on-an-address");

        assertThat(page.status()).isEqualTo(500);
        Matcher reference = REFERENCE.matcher(page.body());
        assertThat(reference.find()).isTrue();
        String logged = output.getAll();
        assertThat(logged)
                .contains("Server error reference " + reference.group(1))
                .contains("DuplicateKeyException")
                .contains("Key (email)=((an address)) already exists")
                .contains("at org.gpaction.support.FailingController.failOnAnAddress")
                .doesNotContain(FailingController.TAKEN_ADDRESS);
    }

    @Test
    void theStylesheetCarriesNoGovukTypeface() {
        Http.Response css = new Http(port).get("/assets/govuk-frontend.css");
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.body())
                .contains(".govuk-header")
                .doesNotContain("GDS Transport")
                .doesNotContain("@font-face");
    }

    @Test
    void theStartPageExplainsGpActionToSomeoneNotSignedIn() {
        Http.Response start = new Http(port).get("/");
        assertThat(start.status()).isEqualTo(200);
        assertThat(start.body())
                .contains("Collective action for general practice")
                .contains("Staff sign in")
                .contains("Accessibility statement")
                .contains("Privacy notice")
                .doesNotContain("crown");
    }
}
