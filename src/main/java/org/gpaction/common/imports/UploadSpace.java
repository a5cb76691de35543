package org.gpaction.common.imports;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How much of the disk the upload copies may not take, so that many uploads at once cannot fill it under the database
 * that shares it.
 *
 * @param minFreeSpace the space the disk of the uploads folder must keep free ({@code GPACTION_UPLOADS_MINFREESPACE}):
 *     an upload is refused before it is copied when the most it may write (its announced length, else its import's
 *     limit) would leave less, once the copies under way have written the most they may; 0 keeps no space back,
 *     refusing only an upload that may write more than is free less what those copies may still write
 */
@Validated
@ConfigurationProperties("gpaction.uploads")
public record UploadSpace(@NotNull @DefaultValue("1GB") DataSize minFreeSpace) {

    /** A negative floor would read as one that lets the disk fill. */
    @AssertTrue(
            message = "GPACTION_UPLOADS_MINFREESPACE (gpaction.uploads.min-free-space) must be 0 bytes or more, for"
                    + " example 1GB")
    boolean isMinFreeSpaceNotNegative() {
        return minFreeSpace == null || minFreeSpace.toBytes() >= 0;
    }
}
