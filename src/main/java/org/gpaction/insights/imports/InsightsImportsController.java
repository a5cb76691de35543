package org.gpaction.insights.imports;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.util.List;
import org.gpaction.common.imports.FileNames;
import org.gpaction.common.imports.ImportHistoryEntry;
import org.gpaction.common.imports.ImportRejected;
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

    static final int HISTORY_SHOWN = 25;

    public record ImportForm(String format, String year, String month, MultipartFile file) {}

    private final InsightsImports imports;

    InsightsImportsController(InsightsImports imports) {
        this.imports = imports;
    }

    @ModelAttribute("formats")
    InsightsFormat[] formats() {
        return InsightsFormat.values();
    }

    @ModelAttribute("maxFileSize")
    String maxFileSize() {
        return imports.maxFileSize().toMegabytes() + " MB";
    }

    @ModelAttribute("history")
    List<ImportHistoryEntry> history() {
        return imports.historyEntries(HISTORY_SHOWN);
    }

    @GetMapping
    String page(@RequestParam(name = "imported", required = false) Long imported, Model model) {
        model.addAttribute("form", new ImportForm("", "", "", null));
        if (imported != null) {
            imports.find(imported).ifPresent(run -> model.addAttribute("imported", run));
        }
        return "insights/imports";
    }

    @PostMapping
    String upload(
            @ModelAttribute("form") ImportForm form,
            BindingResult errors,
            Principal admin,
            Model model,
            HttpServletResponse response)
            throws IOException {
        InsightsFormat format = InsightsFormat.fromParameter(form.format()).orElse(null);
        if (format == null) {
            errors.rejectValue("format", "required", "Choose what the file holds");
        }
        MultipartFile file = form.file();
        if (file == null || file.isEmpty()) {
            errors.rejectValue("file", "required", "Choose a CSV file to import");
        }
        if (errors.hasErrors()) {
            return refused(model, response);
        }
        String fileName = FileNames.clean(file.getOriginalFilename(), "uploaded file");
        try (InputStream content = file.getInputStream()) {
            ImportRun run = imports.importFile(
                    format, fileName, form.year(), form.month(), content, file.getSize(), admin.getName());
            return "redirect:/admin/insights/imports?imported=" + run.id();
        } catch (ImportRejected e) {
            String field = e.problems().stream()
                    .map(p -> p.field())
                    .filter(f -> f.equals("year") || f.equals("month"))
                    .findFirst()
                    .orElse("file");
            errors.rejectValue(
                    field,
                    "refused",
                    "Nothing was imported: fix the "
                            + (e.problemCount() == 1 ? "problem" : e.problemCount() + " problems") + " in " + fileName
                            + " listed below and choose the file again");
            model.addAttribute("refused", e);
            model.addAttribute("history", history());
            return refused(model, response);
        }
    }

    private static String refused(Model model, HttpServletResponse response) {
        model.addAttribute("hasErrors", true);
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return "insights/imports";
    }

    /** The NHS publications, on their page and through the API. */
    @Configuration(proxyBeanMethods = false)
    static class Uploads {
        @Bean
        UploadPaths insightsUploadPaths() {
            return UploadPaths.of("/admin/insights/imports", "/api/insights/imports");
        }
    }
}
