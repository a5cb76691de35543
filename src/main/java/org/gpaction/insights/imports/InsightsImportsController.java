package org.gpaction.insights.imports;

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

/** Administrators upload the NHS publications the pressures and funding pages are built from. */
@Controller
@RequestMapping("/admin/insights/imports")
@PreAuthorize("hasRole('ADMIN')")
class InsightsImportsController {

    public record ImportForm(String format, String year, String month, MultipartFile file) implements ImportPage.Form {}

    private final InsightsImports imports;
    private final ImportPage<InsightsFormat> page;

    InsightsImportsController(InsightsImports imports) {
        this.imports = imports;
        this.page = new ImportPage<>(
                "/admin/insights/imports",
                "insights/imports",
                InsightsFormat.values(),
                imports.maxFileSize(),
                this::history,
                "year",
                "month");
    }

    private List<ImportHistoryEntry> history(int latest) {
        return imports.historyEntries(latest);
    }

    @GetMapping
    String page(@RequestParam(name = "imported", required = false) Long imported, Model model) {
        return page.show(new ImportForm("", "", "", null), imported, imports::find, model);
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
                (format, upload) -> imports.importFile(format, form.year(), form.month(), upload)
                        .id());
    }

    /** The NHS publications, on their page and through the API. */
    @Configuration(proxyBeanMethods = false)
    static class Uploads {
        @Bean
        UploadPaths insightsUploadPaths(InsightsImports.ImportLimits limits) {
            return UploadPaths.of(
                            limits.maxFileSize(),
                            "GPACTION_INSIGHTS_MAX_FILE_SIZE (gpaction.insights.max-file-size)",
                            "/admin/insights/imports",
                            "/api/insights/imports")
                    .copiedToTheUploadsFolder();
        }
    }
}
