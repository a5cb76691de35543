package org.gpaction.common.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.gpaction.common.imports.FileNames;
import org.gpaction.common.imports.FormatChoice;
import org.gpaction.common.imports.Upload;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * What every module's import API answers alike: the format asked for, a file sent as the request body, the new run at
 * its own address, the bounds of the history asked for, and one run or a 404 naming it.
 */
public final class ImportApi {

    public static final int MOST_LISTED = 1000;

    private ImportApi() {}

    /** The format the {@code format} parameter names, or a 400 listing the formats there are. */
    public static <F extends FormatChoice> F format(F[] formats, String parameter) {
        return FormatChoice.named(formats, parameter).orElseThrow(() -> {
            List<String> names =
                    Arrays.stream(formats).map(FormatChoice::parameter).toList();
            return InvalidRequest.field(
                    "format",
                    "Say what the file holds: format="
                            + String.join(", ", names.subList(0, names.size() - 1))
                            + " or " + names.get(names.size() - 1));
        });
    }

    /** The body as the file: named by {@code fileName}, or after its format when the client gave no name. */
    public static Upload upload(HttpServletRequest request, String fileName, FormatChoice format, Principal admin)
            throws IOException {
        return new Upload(
                FileNames.clean(fileName, format.parameter() + ".csv"),
                request.getInputStream(),
                request.getContentLengthLong(),
                admin.getName());
    }

    /** @param path where the module's imports are, such as {@code /api/practices/imports} */
    public static <V> ResponseEntity<V> created(String path, long id, V run) {
        return ResponseEntity.created(URI.create(path + "/" + id)).body(run);
    }

    public static int historyLimit(int limit) {
        if (limit < 1 || limit > MOST_LISTED) {
            throw InvalidRequest.field("limit", "Ask for between 1 and " + MOST_LISTED + " imports");
        }
        return limit;
    }

    public static ResponseEntity<?> one(long id, Optional<?> run) {
        return run.<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.of(
                                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "There is no import " + id))
                        .build());
    }
}
