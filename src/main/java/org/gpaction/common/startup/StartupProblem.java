package org.gpaction.common.startup;

/**
 * A reason the application cannot start that the person starting it can fix. Reported as one line saying
 * what is wrong and one saying what to do, without a stack trace.
 */
public class StartupProblem extends RuntimeException {

    private final String action;

    public StartupProblem(String description, String action, Throwable cause) {
        super(description, cause);
        this.action = action;
    }

    public StartupProblem(String description, String action) {
        this(description, action, null);
    }

    public String action() {
        return action;
    }
}
