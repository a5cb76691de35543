package org.gpaction.accounts.security;

import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param token the bearer token a Prometheus server sends to read {@code /actuator/prometheus}; empty, only signed-in
 *     administrators can read it
 */
@ConfigurationProperties("gpaction.metrics")
@Validated
public record MetricsProperties(
        @Pattern(
                regexp = "|\\S{32,}",
                message = "GPACTION_METRICS_TOKEN must be at least 32 characters with no spaces "
                        + "(for example the output of: openssl rand -hex 32), or unset")
        @DefaultValue("")
        String token) {

    boolean tokenAccess() {
        return !token.isEmpty();
    }
}
