package org.gpaction.actions.support;

import org.gpaction.common.DurationWords;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * How long a pledge's links work, as the pledge and withdrawal pages tell it, read from the setting the links keep
 * to, so that a page never states one period while the links keep another.
 */
@ControllerAdvice(assignableTypes = {SupportController.class, WithdrawalController.class})
class PledgePeriods {

    private final PledgeProperties properties;

    PledgePeriods(PledgeProperties properties) {
        this.properties = properties;
    }

    @ModelAttribute("linkLifetime")
    String linkLifetime() {
        return DurationWords.inWords(properties.linkLifetime());
    }
}
