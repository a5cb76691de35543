/**
 * Ballots: an electorate frozen from the membership roll, a single-use link per voter, secret votes, a hard
 * deadline in UK time, results and the scrutineer's report.
 *
 * <p>Its question and receipt templates list the events about the ballot through the events module's
 * {@code upcomingEvents} bean, a dependency at render time that Modulith cannot see and that runs against the events
 * module's own on {@code BallotNumbers}: acceptable, as the templates only read the public {@code UpcomingEvents}
 * and draw the events module's upcoming-events fragment, so no code here refers to events and no bean here needs it
 * to start, though those two pages need it to render.
 */
@ApplicationModule(
        displayName = "Ballots",
        allowedDependencies = {"accounts", "membership", "notifications", "practices"})
package org.gpaction.ballots;

import org.springframework.modulith.ApplicationModule;
