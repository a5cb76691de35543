/**
 * Staff accounts and how staff sign in: roles, the first administrator, API tokens, and the security rules
 * every request passes through.
 */
@ApplicationModule(displayName = "Accounts")
package org.gpaction.accounts;

import org.springframework.modulith.ApplicationModule;
