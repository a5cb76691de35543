/**
 * The directory of GP practices from NHS ODS data, with their contract types, list sizes (every extract imported
 * is kept) and LMC areas.
 */
@ApplicationModule(displayName = "Practices")
package org.gpaction.practices;

import org.springframework.modulith.ApplicationModule;
