package org.gpaction.practices.imports;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxFileSize the largest file an import takes ({@code GPACTION_PRACTICES_MAX_FILE_SIZE}); the May 2025
 *     epraccur file is 3.5 MB. Uploads are also bounded by {@code GPACTION_WEB_MAXUPLOADSIZE}, which may not be smaller.
 */
@Validated
@ConfigurationProperties("gpaction.practices")
record ImportProperties(@NotNull @DefaultValue("20MB") DataSize maxFileSize) {

    /** A limit of no bytes or less would refuse every file. */
    @AssertTrue(
            message = "GPACTION_PRACTICES_MAX_FILE_SIZE (gpaction.practices.max-file-size) must be more than 0 bytes,"
                    + " for example 20MB")
    boolean isMaxFileSizeMoreThanNothing() {
        return maxFileSize == null || maxFileSize.toBytes() > 0;
    }
}
