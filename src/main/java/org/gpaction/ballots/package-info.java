/**
 * Ballots: an electorate frozen from the membership roll, a single-use link per voter, secret votes, a hard
 * deadline in UK time, results and the scrutineer's report.
 */
@ApplicationModule(
        displayName = "Ballots",
        allowedDependencies = {"membership", "notifications", "practices"})
package org.gpaction.ballots;

import org.springframework.modulith.ApplicationModule;
