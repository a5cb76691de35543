package org.gpaction.membership.members;

import org.gpaction.common.retention.KeptFor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The period {@link AuditLog#forgetOldEntries()} keeps to, for the privacy notice and the audit log's pages. */
@Configuration(proxyBeanMethods = false)
class AuditLogRetention {

    static KeptFor keptFor(MembershipProperties properties) {
        return new KeptFor(
                "The membership audit log: who viewed or changed which member's record, and when",
                properties.keepAuditLogFor(),
                "after the view or change",
                "deleted",
                30);
    }

    @Bean
    KeptFor membershipAuditLog(MembershipProperties properties) {
        return keptFor(properties);
    }
}
