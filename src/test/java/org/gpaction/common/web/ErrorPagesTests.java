package org.gpaction.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
                .contains("invalid input syntax for type integer: \"(an address)\"")
                .contains("at org.gpaction.support.FailingController.failOnAnAddress")
                .doesNotContain(FailingController.TAKEN_ADDRESS);
    }

    @Test
    void aServerErrorOnARowPostgresRefusedIsLoggedWithoutTheValuesInTheRow_oneAtATimeOrInABatch(CapturedOutput output) {
        Http browser = new Http(port);
        browser.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        for (String how : List.of("one", "batch")) {
            Http.Response page = browser.get("/test-support/fail-on-a-row/" + how);
            assertThat(page.status()).isEqualTo(500);
            Matcher reference = REFERENCE.matcher(page.body());
            assertThat(reference.find()).isTrue();
            assertThat(output.getAll()).contains("Server error reference " + reference.group(1));
        }

        // Tomcat's own line quotes the same message, when it reaches the captured output: in a run of the whole suite
        // a closed test context can take away the bridge from Tomcat's logging, so the test cannot count on seeing it.
        assertThat(output.getAll())
                .as("what was refused, in the reference's line (and Tomcat's, which quotes the same message),"
                        + " but not whose row it was")
                .contains("violates check constraint")
                .contains("duplicate key value violates unique constraint")
                .doesNotContain(FailingController.MEMBER_NAME)
                .doesNotContain(FailingController.MEMBERSHIP_NUMBER);
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
