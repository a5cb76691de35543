package org.gpaction.notifications.internal;

import java.time.Clock;
import java.util.List;
import org.gpaction.common.GpActionProperties;
import org.gpaction.notifications.SecretLinks;
import org.gpaction.notifications.StillWanted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailProperties.class)
class MailConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MailConfiguration.class);

    /** Spring Boot configures a mail sender exactly when {@code spring.mail.host} is set. */
    @Bean
    MailDelivery mailDelivery(
            ObjectProvider<JavaMailSender> smtp,
            MailProperties properties,
            GpActionProperties gpAction,
            Environment environment,
            Clock clock) {
        MimeMessages messages = new MimeMessages(properties, clock);
        JavaMailSender sender = smtp.getIfAvailable();
        if (sender != null) {
            String server = environment.getProperty("spring.mail.host") + ":"
                    + environment.getProperty("spring.mail.port", "25");
            log.info("Mail is sent through the SMTP server at {}", server);
            return new SmtpDelivery(sender, messages, server);
        }
        MailFolder folder = new MailFolder(gpAction.dataDir().resolve("mail"), messages);
        log.info("No SMTP server is configured (SPRING_MAIL_HOST): mail is written to {}", folder.folder());
        return folder;
    }

    @Bean
    OutboxDispatcher outboxDispatcher(
            OutboxRepository outbox,
            PlatformTransactionManager transactionManager,
            MailDelivery delivery,
            MailProperties properties,
            Clock clock,
            List<SecretLinks> secretLinks,
            ObjectProvider<StillWanted> stillWanted) {
        OutboxDispatcher dispatcher = new OutboxDispatcher(
                outbox,
                new TransactionTemplate(transactionManager),
                delivery,
                properties,
                clock,
                secretLinks,
                stillWanted.stream().toList());
        if (!properties.dispatch()) {
            dispatcher.neverStart();
        }
        return dispatcher;
    }

    /** Registered here rather than with {@code @Scheduled} so the interval comes from the validated settings. */
    @Bean
    SchedulingConfigurer outboxSchedule(OutboxDispatcher dispatcher, MailProperties properties) {
        return registrar -> registrar.addFixedDelayTask(dispatcher::wakeUp, properties.pollInterval());
    }
}
