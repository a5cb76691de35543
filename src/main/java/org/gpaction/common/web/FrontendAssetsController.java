package org.gpaction.common.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.webjars.WebJarVersionLocator;

/**
 * Serves the GOV.UK Frontend stylesheet without its typeface: the GDS Transport font is licensed only for
 * GOV.UK services, so GP Action uses the system sans-serif fallback the stylesheet already names.
 */
@Controller
class FrontendAssetsController {

    static final String STYLESHEET = "/assets/govuk-frontend.css";

    private final String stylesheet;
    private final String etag;

    FrontendAssetsController() {
        this.stylesheet = withoutGovukTypeface(read("govuk-frontend", "dist/govuk/govuk-frontend.min.css"));
        this.etag = "\"" + Integer.toHexString(stylesheet.hashCode()) + "\"";
    }

    @GetMapping(value = STYLESHEET, produces = "text/css")
    ResponseEntity<String> stylesheet() {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "css", StandardCharsets.UTF_8))
                .cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePublic())
                .eTag(etag)
                .body(stylesheet);
    }

    static String withoutGovukTypeface(String css) {
        return css.replaceAll("@font-face\\{[^}]*}", "")
                .replace("font-family:GDS Transport,arial,sans-serif", "font-family:arial,sans-serif")
                .replace("font-family:GDS Transport", "font-family:arial,sans-serif")
                .replaceAll("/\\*# sourceMappingURL=[^*]*\\*/", "");
    }

    private static String read(String webjar, String file) {
        String path = new WebJarVersionLocator().fullPath(webjar, file);
        if (path == null) {
            throw new IllegalStateException("The " + webjar + " WebJar has no " + file);
        }
        try (InputStream in = FrontendAssetsController.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Cannot read " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
