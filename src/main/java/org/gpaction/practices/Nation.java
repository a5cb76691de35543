package org.gpaction.practices;

/** The UK nation a practice is in, worked out from its ODS national grouping. */
public enum Nation {
    ENGLAND("England"),
    WALES("Wales"),
    SCOTLAND("Scotland"),
    NORTHERN_IRELAND("Northern Ireland"),
    UNKNOWN("an unknown nation");

    private final String inSentence;

    Nation(String inSentence) {
        this.inSentence = inSentence;
    }

    /**
     * The nation's name as it reads after "in" in a sentence ("the practice is in Wales"), so that every page and
     * refusal names a nation the same way; one the directory does not know is "an unknown nation".
     */
    public String inSentence() {
        return inSentence;
    }
}
