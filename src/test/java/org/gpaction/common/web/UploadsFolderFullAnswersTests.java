package org.gpaction.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.gpaction.common.imports.UploadsFolderFull;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.ui.ExtendedModelMap;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.DirectFieldBindingResult;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A file refused because the disk is short of space is not the file's fault and is soon over: the page and the API
 * answer 503 with when to send it again, not a refusal naming a problem in the file.
 */
class UploadsFolderFullAnswersTests {

    record FileForm(MultipartFile file) {}

    @Test
    void theImportPageIsShownAgainWith503SayingWhenToSendTheFileAgain() throws Exception {
        ImportPage<?> page = ImportPage.ofOneKind(
                "/admin/members/import", "membership/import", DataSize.ofMegabytes(100), shown -> List.of());
        MockMultipartFile file = new MockMultipartFile(
                "file", "members.csv", "text/csv", "membership_number\n".getBytes(StandardCharsets.UTF_8));
        DirectFieldBindingResult errors = new DirectFieldBindingResult(new FileForm(file), "form");
        ExtendedModelMap model = new ExtendedModelMap();
        MockHttpServletResponse response = new MockHttpServletResponse();

        String view = page.upload(file, () -> "admin@practice.test", errors, model, response, upload -> {
            throw new UploadsFolderFull();
        });

        assertThat(view).isEqualTo("membership/import");
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("300");
        assertThat(errors.getFieldError("file")).isNotNull();
        assertThat(errors.getFieldError("file").getDefaultMessage())
                .contains("nothing was imported. Send it again in 5 minutes");
        assertThat(model.getAttribute("hasErrors")).isEqualTo(true);
        assertThat(model.getAttribute("refused")).as("no problem in the file").isNull();
    }

    @Test
    void theApiAnswers503WithAProblemAndWhenToSendTheFileAgain_closingTheConnectionOnTheUnreadBody() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/members/imports");
        request.setContentType("text/csv");
        request.setContent("membership_number\n".getBytes(StandardCharsets.UTF_8)); // refused before it is read
        MockHttpServletResponse response = new MockHttpServletResponse();

        new ApiErrors().uploadsFolderFull(new UploadsFolderFull(), request, response);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("300");
        assertThat(response.getHeader("Connection")).isEqualTo("close");
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        JsonNode problem = JsonMapper.builder().build().readTree(response.getContentAsString());
        assertThat(problem.get("title").asString()).isEqualTo("Too little disk space free");
        assertThat(problem.get("detail").asString())
                .contains("Send it again in 5 minutes")
                .contains("the operator needs to free space on the disk of GPACTION_DATA_DIR");
        assertThat(problem.get("instance").asString()).isEqualTo("/api/members/imports");
    }
}
