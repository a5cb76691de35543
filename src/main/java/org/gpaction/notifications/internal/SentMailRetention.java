package org.gpaction.notifications.internal;

import org.gpaction.common.retention.KeptFor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The period {@link SentMail#forgetSentMail()} keeps to, for the privacy notice and the outbox page. */
@Configuration(proxyBeanMethods = false)
class SentMailRetention {

    static KeptFor keptFor(MailProperties properties) {
        return new KeptFor(
                "Emails GP Action sent, or could not deliver: the address, subject and when (what they said is"
                        + " deleted once sent or given up on)",
                properties.keepSentFor(),
                "after they were sent or last tried",
                "deleted",
                35);
    }

    @Bean
    KeptFor sentMailKeptFor(MailProperties properties) {
        return keptFor(properties);
    }
}
