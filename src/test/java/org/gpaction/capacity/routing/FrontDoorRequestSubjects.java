package org.gpaction.capacity.routing;

import org.springframework.context.ApplicationContext;

/**
 * For tests outside this package: what the front door's requests from one address to one practice are counted under,
 * so a test can find, set up or forget that count and no other.
 */
public final class FrontDoorRequestSubjects {

    private final FrontDoorLimits limits;

    public FrontDoorRequestSubjects(ApplicationContext context) {
        this.limits = context.getBean(FrontDoorLimits.class);
    }

    public String of(String address, String odsCode) {
        return limits.requestSubject(address, odsCode);
    }
}
