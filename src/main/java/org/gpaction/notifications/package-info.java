/**
 * Email: modules put messages in a transactional outbox; a dispatcher sends them with retries, through SMTP or,
 * with no SMTP server configured, as files an administrator can read.
 */
@ApplicationModule(displayName = "Notifications")
package org.gpaction.notifications;

import org.springframework.modulith.ApplicationModule;
