package org.gpaction.accounts.security;

import java.util.regex.Pattern;
import org.gpaction.common.startup.StartupProblem;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param token the bearer token a Prometheus server sends to read {@code /actuator/prometheus}; empty, only signed-in
 *     administrators can read it. A token too short is refused here, as the record is made, rather than by bean
 *     validation: Spring Boot's report of a setting that fails validation prints the value given, and this one is a
 *     secret that must not reach the log
 */
@ConfigurationProperties("gpaction.metrics")
public record MetricsProperties(@DefaultValue("") String token) {

    private static final Pattern ACCEPTED = Pattern.compile("\\S{32,}");

    public MetricsProperties {
        if (token == null) {
            token = "";
        }
        if (!token.isEmpty() && !ACCEPTED.matcher(token).matches()) {
            throw new StartupProblem(
                    "GPACTION_METRICS_TOKEN (gpaction.metrics.token) is refused: it must be at least 32 characters"
                            + " with no spaces. The value given is not shown, as it is a secret.",
                    "Set GPACTION_METRICS_TOKEN to a long random token, for example the output of: openssl rand -hex"
                            + " 32, or unset it so that only signed-in administrators can read the metrics.");
        }
    }

    boolean tokenAccess() {
        return !token.isEmpty();
    }
}
