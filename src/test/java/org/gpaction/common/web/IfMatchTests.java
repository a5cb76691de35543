package org.gpaction.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The answers the ballots API and the safe working settings both give an If-Match, read by RFC 9110's entity-tag
 * syntax: only a strong tag holding a version as GET writes it names that version.
 */
class IfMatchTests {

    static final String REFUSAL = "If-Match must be the one ETag GET gave";

    @Test
    void theETagAsGetGivesItNamesItsVersion_withAnySpacesOrTabsAroundIt() {
        assertThat(IfMatch.version("\"3\"", REFUSAL)).isEqualTo(3);
        assertThat(IfMatch.version("\"0\"", REFUSAL)).isZero();
        assertThat(IfMatch.version(" \t\"42\" ", REFUSAL)).isEqualTo(42);
        assertThat(IfMatch.version("\"999999999999999999\"", REFUSAL)).isEqualTo(999_999_999_999_999_999L);
    }

    @Test
    void aStarIsAnyVersion_andNoIfMatchIsNone() {
        assertThat(IfMatch.version("*", REFUSAL)).isEqualTo(IfMatch.ANY);
        assertThat(IfMatch.version(" * ", REFUSAL)).isEqualTo(IfMatch.ANY);
        assertThat(IfMatch.version(null, REFUSAL)).isNull();
    }

    @Test
    void aTagGetNeverGivesIsRefusedNamingIfMatch_ratherThanReadAsTheNearestNumber() {
        for (String tag : List.of(
                "\"-3\"",
                "\"+3\"",
                "\"03\"",
                "\" 3 \"",
                "\"3 \"",
                "W/\"3\"",
                "3",
                "\"3",
                "\"\"",
                "",
                "\"x\"",
                "\"1\", \"2\"",
                "\"9999999999999999999\"",
                "\"3\"\u00a0")) {
            assertThatThrownBy(() -> IfMatch.version(tag, REFUSAL))
                    .as(tag)
                    .isInstanceOfSatisfying(
                            InvalidRequest.class,
                            refused ->
                                    assertThat(refused.toProblem().getDetail()).isEqualTo(REFUSAL));
        }
    }
}
