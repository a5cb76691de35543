package org.gpaction.insights.areas;

import java.util.Optional;
import org.gpaction.practices.Nation;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.springframework.stereotype.Component;

/**
 * Why a practice the directory has is no area here: the figures come from NHS England's publications, which cover
 * practices in England only, so a practice in Wales, Scotland or Northern Ireland (or one the directory places in no
 * nation) has none, and nor does an ICB, sub-ICB location or LMC code only such practices have (Q99, a Welsh health
 * board). Said instead of "no such practice" or "no such area", which would send someone to check a code that is
 * right, by the pressures pages and API and the appointments API alike.
 */
@Component
public class PracticesOutsideEngland {

    private static final String SOURCE = "the pressures come from NHS England's publications, which ";

    private final Practices practices;
    private final Areas areas;

    PracticesOutsideEngland(Practices practices, Areas areas) {
        this.practices = practices;
        this.areas = areas;
    }

    /**
     * Why there are no figures for the area asked for, when it is a practice in the directory outside England or an
     * area whose practices all are.
     */
    public Optional<String> why(AreaKind kind, String code) {
        return switch (kind) {
            case PRACTICE -> practices.find(code).flatMap(PracticesOutsideEngland::why);
            case ICB, SUB_ICB, LMC -> areas.outsideEngland(kind, code).map(PracticesOutsideEngland::whyNone);
            case ENGLAND -> Optional.empty();
        };
    }

    private static String whyNone(Areas.OutsideEngland area) {
        String theirs = switch (area.kind()) {
            case ICB -> "the practices with ICB code " + area.code();
            case SUB_ICB -> "the practices with sub-ICB location code " + area.code();
            default -> "the practices of " + area.code();
        };
        String directory = "The practices directory ";
        if (area.nations().size() > 1) {
            return directory + "places none of " + theirs + " in England, and " + SOURCE
                    + "cover practices in England only";
        }
        Nation nation = area.nations().iterator().next();
        if (nation == Nation.UNKNOWN) {
            return directory + "does not say which nation " + theirs + " are in, and " + SOURCE
                    + "cover practices in England only";
        }
        return directory + "places " + theirs + " in " + nation.inSentence() + ", and " + SOURCE
                + "do not cover practices in " + nation.inSentence();
    }

    private static Optional<String> why(Practice practice) {
        String named = practice.named();
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
