package org.gpaction.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An import page tells a form sent with no file chosen from a file chosen that is empty: the first is asked for a
 * file, the second goes to the import, whose refusal names what the file lacks and is kept in the history.
 */
@GpActionTest
class ImportPageFileTests {

    @LocalServerPort
    int port;

    @Test
    void anEmptyFileChosenIsRefusedByTheImportAndKeptInTheHistory() throws Exception {
        String fileName = "empty-" + UUID.randomUUID().toString().substring(0, 8) + ".csv";

        HttpResponse<String> page = upload("/admin/members/import", fileName, "");

        assertThat(page.statusCode()).as(page.body()).isEqualTo(400);
        assertThat(page.body())
                .doesNotContain("Choose a CSV file to import")
                .contains("The file is empty: it needs a header row naming")
                .contains("Nothing was imported: fix the problem in " + fileName);
        String history = page.body().substring(page.body().indexOf("id=\"history\""));
        assertThat(history).as("the refused file in the import history").contains(fileName);
    }

    @Test
    void aFormSentWithNoFileChosenIsAskedForOne() throws Exception {
        HttpResponse<String> page = upload("/admin/members/import", "", "");

        assertThat(page.statusCode()).as(page.body()).isEqualTo(400);
        // The history below the form may list another test's empty file: only the problems above it are this form's.
        String body = page.body();
        String problems = body.substring(
                body.indexOf("govuk-error-summary__list"),
                body.indexOf("</ul>", body.indexOf("govuk-error-summary__list")));
        assertThat(problems).contains("Choose a CSV file to import").doesNotContain("The file is empty");
    }

    /** Posts the page's form as a browser does, {@code fileName} empty when no file was chosen. */
    private HttpResponse<String> upload(String path, String fileName, String content)
            throws IOException, InterruptedException {
        Http browser = new Http(port);
        browser.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String csrf = csrfOf(browser.get(path).body());
        String form = "--xyz\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf
                + "\r\n--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: " + (fileName.isEmpty() ? "application/octet-stream" : "text/csv") + "\r\n\r\n"
                + content + "\r\n--xyz--\r\n";
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header("Cookie", "GPACTION_SESSION=" + browser.cookie("GPACTION_SESSION"))
                                .header("Content-Type", "multipart/form-data; boundary=xyz")
                                .header("Accept", "text/html")
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static String csrfOf(String page) {
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(token.find()).as("a CSRF token on the page").isTrue();
        return token.group(1).replace("&#45;", "-");
    }
}
