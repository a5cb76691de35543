package org.gpaction.membership.members;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import org.gpaction.common.imports.FormatChoice;
import org.gpaction.common.web.ImportPage;
import org.gpaction.common.web.UploadPaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** Administrators upload the membership file on the import page every module's imports share. */
@Controller
@RequestMapping("/admin/members/import")
@PreAuthorize("hasRole('ADMIN')")
class MemberImportPageController {

    public record ImportForm(MultipartFile file) {}

    private final MemberImport memberImport;
    private final ImportPage<FormatChoice> page;

    MemberImportPageController(MemberImport memberImport) {
        this.memberImport = memberImport;
        this.page = ImportPage.ofOneKind(
                "/admin/members/import", "membership/import", memberImport.maxFileSize(), memberImport::history);
    }

    @GetMapping
    String page(@RequestParam(name = "imported", required = false) Long imported, Model model) {
        model.addAttribute("columns", String.join(",", MemberImport.COLUMNS));
        return page.show(new ImportForm(null), imported, memberImport::find, model);
    }

    @PostMapping
    String upload(
            @ModelAttribute("form") ImportForm form,
            BindingResult errors,
            Principal admin,
            Model model,
            HttpServletResponse response)
            throws IOException {
        model.addAttribute("columns", String.join(",", MemberImport.COLUMNS));
        try {
            return page.upload(
                    form.file(),
                    admin,
                    errors,
                    model,
                    response,
                    upload -> memberImport
                            .importFile(
                                    upload.fileName(), upload.content(), upload.declaredLength(), upload.importedBy())
                            .importId());
        } catch (AnotherImportRunning running) {
            // The page again, saying so by the file chosen: 409, as the file is not at fault and nothing was imported.
            errors.rejectValue("file", "anotherImportRunning", running.getMessage());
            model.addAttribute("hasErrors", true);
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            return page.show(form, null, memberImport::find, model);
        }
    }

    /** The membership file, on its page and through the API. */
    @Configuration(proxyBeanMethods = false)
    static class Uploads {
        @Bean
        UploadPaths membershipUploadPaths(MembershipProperties properties) {
            return UploadPaths.of(
                            DataSize.ofBytes(properties.maxImportBytes()),
                            "GPACTION_MEMBERSHIP_MAXIMPORTBYTES (gpaction.membership.max-import-bytes)",
                            "/admin/members/import",
                            "/api/members/imports")
                    .copiedToTheUploadsFolder();
        }
    }
}
