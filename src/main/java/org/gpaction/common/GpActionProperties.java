package org.gpaction.common;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings that are the same for every module.
 *
 * @param dataDir where the embedded database, written mail, published ballot records and the upload copies of every
 *     import under way (membership files and NHS publications) live ({@code GPACTION_DATA_DIR})
 * @param baseUrl the public address used in links that are sent by email ({@code GPACTION_BASE_URL})
 */
@Validated
@ConfigurationProperties("gpaction")
public record GpActionProperties(
        @NotNull @DefaultValue("./data") Path dataDir,
        @NotNull @DefaultValue("http://localhost:8080") URI baseUrl) {

    /**
     * Every link emailed is this address with a path put after it: without a scheme or a host ({@code
     * gpaction.example.org}) the links sent are not links, and a query or fragment would end up before the path.
     */
    @AssertTrue(
            message = "GPACTION_BASE_URL (gpaction.base-url) must be the address people open GP Action at, starting"
                    + " http:// or https:// and with no ? or #, for example https://gpaction.example.org")
    boolean isBaseUrlAWebAddress() {
        return baseUrl == null
                || (baseUrl.isAbsolute()
                        && ("http".equalsIgnoreCase(baseUrl.getScheme())
                                || "https".equalsIgnoreCase(baseUrl.getScheme()))
                        && baseUrl.getHost() != null
                        && baseUrl.getRawQuery() == null
                        && baseUrl.getRawFragment() == null);
    }

    /** An absolute link to a path of this application, for use outside it (emails, logs). */
    public String link(String path) {
        String base = baseUrl.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + (path.startsWith("/") ? path : "/" + path);
    }
}
