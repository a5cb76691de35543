package org.gpaction.insights.pressures;

import java.util.Optional;
import org.gpaction.insights.areas.AreaKind;
import org.gpaction.practices.Nation;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.springframework.stereotype.Component;

/**
 * Why a practice the directory has is no area here: the figures come from NHS England's publications, which cover
 * practices in England only, so a practice in Wales, Scotland or Northern Ireland (or one the directory places in no
 * nation) has none. Said instead of "no such practice", which would send someone to check a code that is right.
 */
@Component
class PracticesOutsideEngland {

    private static final String SOURCE = "the pressures come from NHS England's publications, which ";

    private final Practices practices;

    PracticesOutsideEngland(Practices practices) {
        this.practices = practices;
    }

    /** Why there are no figures for the area asked for, when it is a practice in the directory outside England. */
    Optional<String> why(AreaKind kind, String code) {
        if (kind != AreaKind.PRACTICE) {
            return Optional.empty();
        }
        return practices.find(code).flatMap(PracticesOutsideEngland::why);
    }

    private static Optional<String> why(Practice practice) {
        String named = practice.name() + " (" + practice.odsCode() + ")";
        return Optional.ofNullable(
                switch (practice.nation()) {
                    case ENGLAND -> null;
                    case WALES, SCOTLAND, NORTHERN_IRELAND -> notCovered(named, practice.nation());
                    case UNKNOWN ->
                        "The practices directory does not say which nation " + named + " is in, and " + SOURCE
                                + "cover practices in England only";
                });
    }

    private static String notCovered(String named, Nation nation) {
        return named + " is in " + nation.inSentence() + ", and " + SOURCE + "do not cover practices in "
                + nation.inSentence();
    }
}
