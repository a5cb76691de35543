package org.gpaction.membership.selfservice;

import org.gpaction.common.DurationWords;
import org.gpaction.membership.members.MembershipProperties;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The periods the joining and details pages tell people (how long a link works), read from the settings that decide
 * them, so that a page never states one period while the app keeps to another.
 */
@ControllerAdvice(assignableTypes = {JoinController.class, MyDetailsController.class, EmailChangeController.class})
class SelfServicePeriods {

    private final MembershipProperties properties;

    SelfServicePeriods(MembershipProperties properties) {
        this.properties = properties;
    }

    @ModelAttribute("joiningLinkLifetime")
    String joiningLinkLifetime() {
        return DurationWords.inWords(properties.joiningLinkLifetime());
    }

    @ModelAttribute("detailsLinkLifetime")
    String detailsLinkLifetime() {
        return DurationWords.inWords(properties.detailsLinkLifetime());
    }
}
