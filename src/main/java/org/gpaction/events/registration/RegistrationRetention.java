package org.gpaction.events.registration;

import java.time.Period;
import org.gpaction.common.retention.KeptFor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The periods {@link DayBeforeReminders#forgetOldRegistrations()} keeps to, for the privacy notice. */
@Configuration(proxyBeanMethods = false)
class RegistrationRetention {

    /**
     * Registrations never confirmed are deleted this long after they were made, cancelled ones this long after they
     * were cancelled (the host's list shows who cancelled meanwhile).
     */
    static final Period UNCONFIRMED = Period.ofDays(30);

    /** The setting as it was given, hours and all: whole days would tell less than is kept. */
    static KeptFor keptFor(EventsProperties properties) {
        return new KeptFor(
                "Event registrations: name, email address, role, practice and attendance",
                properties.keepRegistrationsFor(),
                "after the event",
                "deleted",
                40);
    }

    @Bean
    KeptFor eventRegistrations(EventsProperties properties) {
        return keptFor(properties);
    }

    @Bean
    KeptFor unconfirmedRegistrations() {
        return new KeptFor("Event registrations never confirmed", UNCONFIRMED, "after they were made", "deleted", 41);
    }

    @Bean
    KeptFor cancelledRegistrations() {
        return new KeptFor("Event registrations cancelled", UNCONFIRMED, "after they were cancelled", "deleted", 42);
    }
}
