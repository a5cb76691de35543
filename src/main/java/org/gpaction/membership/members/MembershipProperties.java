package org.gpaction.membership.members;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxImportBytes the largest membership file accepted
 * @param joiningLinkLifetime how long the link confirming a joiner's email works
 * @param detailsLinkLifetime how long a member's "update your details" sign-in link works
 * @param requestsPerAddress joining and sign-in link requests from one address within the window
 * @param requestWindow how far back requests count
 */
@Validated
@ConfigurationProperties("gpaction.membership")
public record MembershipProperties(
        @Min(1) @DefaultValue("104857600") long maxImportBytes,
        @NotNull @DefaultValue("48h") Duration joiningLinkLifetime,
        @NotNull @DefaultValue("30m") Duration detailsLinkLifetime,
        @Min(1) @DefaultValue("10") int requestsPerAddress,
        @NotNull @DefaultValue("15m") Duration requestWindow) {}
