package org.gpaction.common.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.gpaction.common.imports.FileNames;
import org.gpaction.common.imports.FormatChoice;
import org.gpaction.common.imports.ImportHistoryEntry;
import org.gpaction.common.imports.ImportProblem;
import org.gpaction.common.imports.ImportRejected;
import org.gpaction.common.imports.Upload;
import org.gpaction.common.imports.UploadsFolderFull;
import org.springframework.http.HttpHeaders;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.BindingResult;
import org.springframework.web.multipart.MultipartFile;

/**
 * An import's upload page, whichever module's: its form names what the file holds ({@code format}) and chooses the
 * file ({@code file}); an imported file redirects to the page showing what it did, a refused one shows the page again
 * with its problems and the history that now lists it.
 */
public final class ImportPage<F extends FormatChoice> {

    /** What every import's form holds: the {@link FormatChoice#parameter() format} chosen and the file. */
    public interface Form {
        String format();

        MultipartFile file();
    }

    /** Imports one file of the format chosen, giving the id of its run. */
    @FunctionalInterface
    public interface Importing<F> {
        long importFile(F format, Upload upload);
    }

    /** How many of the latest runs an import page lists, whichever module's. */
    static final int HISTORY_SHOWN = 25;

    private final String path;
    private final String view;
    private final F[] formats;
    private final String maxFileSize;
    private final IntFunction<List<ImportHistoryEntry>> history;
    private final List<String> formFields;

    /**
     * @param formFields the page's own fields a refusal names when a problem is in one of them (a year or month the
     *     person typed); any other problem is the file's
     */
    public ImportPage(
            String path,
            String view,
            F[] formats,
            DataSize maxFileSize,
            IntFunction<List<ImportHistoryEntry>> history,
            String... formFields) {
        this.path = path;
        this.view = view;
        this.formats = formats.clone();
        this.maxFileSize = maxFileSize.toMegabytes() + " MB";
        this.history = history;
        this.formFields = List.of(formFields);
    }

    /** A page whose one kind of file needs no choosing: its form has only the file. */
    public static ImportPage<FormatChoice> ofOneKind(
            String path, String view, DataSize maxFileSize, IntFunction<List<ImportHistoryEntry>> history) {
        return new ImportPage<>(path, view, new FormatChoice[0], maxFileSize, history);
    }

    /** The page with its empty form, and what the import {@code imported} did when the page is shown after one. */
    public <R> String show(Object emptyForm, Long imported, Function<Long, Optional<R>> find, Model model) {
        model.addAttribute("form", emptyForm);
        if (imported != null) {
            find.apply(imported).ifPresent(run -> model.addAttribute("imported", run));
        }
        return page(model);
    }

    public String upload(
            Form form,
            Principal admin,
            BindingResult errors,
            Model model,
            HttpServletResponse response,
            Importing<F> importing)
            throws IOException {
        Optional<F> format = FormatChoice.named(formats, form.format());
        if (format.isEmpty()) {
            errors.rejectValue("format", "required", "Choose what the file holds");
        }
        return upload(
                form.file(), admin, errors, model, response, upload -> importing.importFile(format.get(), upload));
    }

    /**
     * The upload of a page whose one kind of file needs no choosing, giving the id of its run; any page's upload once
     * its format is known.
     */
    public String upload(
            MultipartFile file,
            Principal admin,
            BindingResult errors,
            Model model,
            HttpServletResponse response,
            Function<Upload, Long> importing)
            throws IOException {
        // A browser sends a form with no file chosen as an empty file part with no name; a file chosen that is empty
        // has its name, and is the import's to refuse, saying what it lacks, and to keep in its history, as the API's.
        if (file == null || (file.isEmpty() && !StringUtils.hasText(file.getOriginalFilename()))) {
            errors.rejectValue("file", "required", "Choose a CSV file to import");
        }
        if (errors.hasErrors()) {
            return refused(model, response);
        }
        String fileName = FileNames.clean(file.getOriginalFilename(), "uploaded file");
        try (InputStream content = file.getInputStream()) {
            long id = importing.apply(new Upload(fileName, content, file.getSize(), admin.getName()));
            return "redirect:" + path + "?imported=" + id;
        } catch (ImportRejected e) {
            String field = e.problems().stream()
                    .map(ImportProblem::field)
                    .filter(formFields::contains)
                    .findFirst()
                    .orElse("file");
            errors.rejectValue(
                    field,
                    "refused",
                    "Nothing was imported: fix the "
                            + (e.problemCount() == 1 ? "problem" : e.problemCount() + " problems") + " in " + fileName
                            + " listed below and choose the file again");
            model.addAttribute("refused", e);
            return refused(model, response);
        } catch (UploadsFolderFull full) {
            // Not the file's fault, and usually soon over: the page again, saying when to send it again.
            errors.rejectValue("file", "uploadsFolderFull", full.getMessage());
            model.addAttribute("hasErrors", true);
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(UploadsFolderFull.RETRY_AFTER_SECONDS));
            return page(model);
        }
    }

    private String refused(Model model, HttpServletResponse response) {
        model.addAttribute("hasErrors", true);
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return page(model);
    }

    /** The history is read as the page is shown, so that a file just refused is in it. */
    private String page(Model model) {
        model.addAttribute("formats", List.of(formats));
        model.addAttribute("maxFileSize", maxFileSize);
        model.addAttribute("history", history.apply(HISTORY_SHOWN));
        return view;
    }
}
