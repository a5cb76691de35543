/**
 * What every module shares: configuration, time, the database and its migrations, and the page frame.
 */
@ApplicationModule(displayName = "Common", type = ApplicationModule.Type.OPEN)
package org.gpaction.common;

import org.springframework.modulith.ApplicationModule;
