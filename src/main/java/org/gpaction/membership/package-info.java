/**
 * The membership roll: members, their roles at practices over time, joining and self-service details, and who is
 * eligible to vote under each electorate rule set.
 */
@ApplicationModule(
        displayName = "Membership",
        allowedDependencies = {"practices", "notifications"})
package org.gpaction.membership;

import org.springframework.modulith.ApplicationModule;
