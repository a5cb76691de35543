package org.gpaction.practices.imports;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import org.gpaction.common.imports.ImportHistoryEntry;
import org.gpaction.common.web.ImportPage;
import org.gpaction.common.web.UploadPaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** Administrators upload the files the practice directory is built from, and see what each import did. */
@Controller
@RequestMapping("/admin/practices/imports")
@PreAuthorize("hasRole('ADMIN')")
class PracticeImportsController {

    public record ImportForm(String format, MultipartFile file) implements ImportPage.Form {}

    private final PracticeImports imports;
    private final ImportPage<ImportFormat> page;

    PracticeImportsController(PracticeImports imports) {
        this.imports = imports;
        this.page = new ImportPage<>(
                "/admin/practices/imports",
                "practices/imports",
                ImportFormat.values(),
                imports.maxFileSize(),
                this::history);
    }

    private List<ImportHistoryEntry> history(int latest) {
        return imports.history(latest).stream().map(ImportRun::entry).toList();
    }

    @GetMapping
    String page(@RequestParam(name = "imported", required = false) Long imported, Model model) {
        return page.show(new ImportForm("", null), imported, imports::find, model);
    }

    @PostMapping
    String upload(
            @ModelAttribute("form") ImportForm form,
            BindingResult errors,
            Principal admin,
            Model model,
            HttpServletResponse response)
            throws IOException {
        return page.upload(
                form,
                admin,
                errors,
                model,
                response,
                (format, upload) -> imports.importFile(format, upload).id());
    }

    /** The practices file, on its page and through the API. */
    @Configuration(proxyBeanMethods = false)
    static class Uploads {
        @Bean
        UploadPaths practicesUploadPaths(ImportProperties properties) {
            return UploadPaths.of(
                    properties.maxFileSize(),
                    "GPACTION_PRACTICES_MAX_FILE_SIZE (gpaction.practices.max-file-size)",
                    "/admin/practices/imports",
                    "/api/practices/imports");
        }
    }
}
