/**
 * Safe working: each practice's clinicians and their daily caps (at most 25 contacts, action 1 of the menu), every
 * patient request booked, diverted with signposting or waitlisted, the online front door gated by capacity, the
 * reception board, and the evidence of demand the practice could not meet. Works on counts and request metadata
 * only: nothing that identifies a patient is stored.
 */
@ApplicationModule(
        displayName = "Safe working",
        allowedDependencies = {"accounts", "practices", "actions"})
package org.gpaction.capacity;

import org.springframework.modulith.ApplicationModule;
