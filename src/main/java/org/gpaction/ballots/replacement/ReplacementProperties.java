package org.gpaction.ballots.replacement;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param requestsPerAddress replacement requests taken from one network address within the window
 * @param requestsPerMembershipNumber requests acted on for one membership number within the window; more are
 *     answered the same way but ignored, so nobody can flood a member's inbox
 * @param window how far back requests count
 * @param checkEvery how often each instance looks for requests taken in but not yet acted on (each is acted on as
 *     soon as it is committed; this finds those an instance that stopped left behind)
 */
@Validated
@ConfigurationProperties("gpaction.ballots.replacements")
record ReplacementProperties(
        @Min(1) @DefaultValue("10") int requestsPerAddress,
        @Min(1) @DefaultValue("5") int requestsPerMembershipNumber,
        @NotNull @DefaultValue("1h") Duration window,
        @NotNull @DefaultValue("10s") Duration checkEvery) {}
