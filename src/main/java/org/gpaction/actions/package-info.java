/**
 * The action menu: its published versions, what each practice has chosen from it over time, support pledged by
 * partners who are not GPs, the notice a practice prints for patients, and uptake nationally and per LMC and ICB.
 */
@ApplicationModule(
        displayName = "Actions",
        allowedDependencies = {"accounts", "practices", "notifications"})
package org.gpaction.actions;

import org.springframework.modulith.ApplicationModule;
