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
 * @param minFreeSpace the space the disk of the uploads folder must still have free once an upload's announced length
 *     is taken from it ({@code GPACTION_UPLOADS_MINFREESPACE}); an upload that would leave less is refused before it is
 *     copied, 0 refuses only a disk already full
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
