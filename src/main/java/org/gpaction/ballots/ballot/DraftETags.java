package org.gpaction.ballots.ballot;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.gpaction.ballots.ballot.BallotApiController.BallotView;
import org.gpaction.common.web.IfMatch;
import org.gpaction.common.web.ProblemDocuments;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * A draft's version as the API gives it (ETag) and is given it back (If-Match) by the requests that change, schedule
 * or delete the draft or its trustees' keys or unschedule the ballot, and the answer to one naming a version the ballot
 * is no longer at.
 */
public final class DraftETags {

    /**
     * The API description's 412, one answer shared by every request that takes If-Match, for its
     * {@code @ApiResponse(responseCode = "412", ref = CHANGED_MEANWHILE)}.
     */
    public static final String CHANGED_MEANWHILE = "#/components/responses/" + Documentation.CHANGED_MEANWHILE;

    private DraftETags() {}

    /** The ETag of a ballot's settings, as GET gives it and If-Match names it. */
    public static String of(DraftVersion version) {
        return "\"" + version.number() + "\"";
    }

    /** The version an If-Match names: any for none or *, which match any draft there is. */
    public static DraftVersion.Expected expected(String ifMatch) {
        Long version = IfMatch.version(
                ifMatch,
                "If-Match must be the one ETag GET /api/ballots/{id} gave, quotes included (such as \"3\"), or *");
        return version == null || version == IfMatch.ANY
                ? DraftVersion.Expected.ANY
                : DraftVersion.Expected.seen(version);
    }

    /** 412 with the draft as it is now beside the refusal, so the client can show it and send its request again. */
    public static ResponseEntity<ProblemDetail> changedMeanwhile(DraftVersion.ChangedMeanwhile e, Ballot ballot) {
        DraftVersion now = e.current();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.PRECONDITION_FAILED,
                "The draft was " + now.changed() + " after the version your If-Match names: nothing was changed."
                        + " Check the draft as it is now (in ballot) and send your request again with If-Match "
                        + of(now) + ".");
        problem.setProperty("ballot", BallotView.of(ballot));
        problem.setProperty("changedBy", now.by());
        problem.setProperty("changedAt", now.at());
        return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED)
                .eTag(of(now))
                .body(problem);
    }

    /** The shared 412 of the API description, written once here rather than beside each request. */
    @Configuration(proxyBeanMethods = false)
    static class Documentation {

        static final String CHANGED_MEANWHILE = "BallotChangedMeanwhile";

        @Bean
        OpenApiCustomizer changedMeanwhileResponse() {
            return openApi -> {
                if (openApi.getComponents() == null) {
                    openApi.setComponents(new Components());
                }
                openApi.getComponents()
                        .addResponses(
                                CHANGED_MEANWHILE,
                                new ApiResponse()
                                        .description("The ballot was changed after the version If-Match names, so"
                                                + " the request did nothing (a scheduled ballot stays scheduled)."
                                                + " The problem says when and by whom, its ETag header and its"
                                                + " ballot property give the ballot as it is now")
                                        .content(ProblemDocuments.content()));
            };
        }
    }
}
