package org.gpaction.events.registration;

import java.time.Period;
import org.gpaction.common.retention.KeptFor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The periods {@link DayBeforeReminders#forgetOldRegistrations()} keeps to, for the privacy notice. */
@Configuration(proxyBeanMethods = false)
class RegistrationRetention {

    /** Registrations never confirmed, or cancelled, are deleted this long after they were made. */
    static final Period UNCONFIRMED = Period.ofDays(30);

    @Bean
    KeptFor eventRegistrations(EventsProperties properties) {
        return new KeptFor(
                "Event registrations: name, email address, role, practice and attendance",
                Period.ofDays((int) properties.keepRegistrationsFor().toDays()),
                "after the event",
                "deleted",
                40);
    }

    @Bean
    KeptFor unconfirmedRegistrations() {
        return new KeptFor(
                "Event registrations never confirmed, or cancelled",
                UNCONFIRMED,
                "after they were made",
                "deleted",
                41);
    }
}
