package org.gpaction.ballots.replacement;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param requestsPerAddress replacement requests taken from one network address within the address window, whether
 *     or not their details match (the answer must not depend on that): as many as joining takes, enough for a
 *     practice's GPs asking together behind the one address an NHS network gives them
 * @param addressWindow how far back requests from a network address count: at most a day, as the requests counted
 *     are kept no longer
 * @param requestsPerMembershipNumber requests whose details match a member acted on for that member within the
 *     window; more are answered the same way but ignored, so nobody can flood a member's inbox
 * @param window how far back requests for a member count: at most a day, likewise
 * @param repeatWindow a request giving the same details as one taken within this time is answered that a link has
 *     just been sent, and nothing more is sent: a second link would end the first, which the member may then use; at
 *     most a day, likewise
 * @param checkEvery how often each instance looks for requests taken in but not yet acted on (each is acted on as
 *     soon as it is committed; this finds those an instance that stopped left behind)
 */
@Validated
@ConfigurationProperties("gpaction.ballots.replacements")
record ReplacementProperties(
        @Min(1) @DefaultValue("60") int requestsPerAddress,
        @NotNull @DurationMax(days = 1) @DefaultValue("15m") Duration addressWindow,
        @Min(1) @DefaultValue("5") int requestsPerMembershipNumber,
        @NotNull @DurationMax(days = 1) @DefaultValue("1h") Duration window,
        @NotNull @DurationMax(days = 1) @DefaultValue("2m") Duration repeatWindow,
        @NotNull @DefaultValue("10s") Duration checkEvery) {}
