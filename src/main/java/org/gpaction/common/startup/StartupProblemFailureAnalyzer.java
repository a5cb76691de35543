package org.gpaction.common.startup;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Says what went wrong and what to do in the words of the {@link StartupProblem}, ahead of Spring Boot's own analysers:
 * its report of a setting it could not bind prints the value given, which for a secret must not reach the log.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class StartupProblemFailureAnalyzer extends AbstractFailureAnalyzer<StartupProblem> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StartupProblem cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
