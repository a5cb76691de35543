package org.gpaction.common.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocAnnotationsUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;

/**
 * Every refusal of the API (4xx or 5xx) answers a problem document, so the API description gives each response
 * documented by its status and what it refuses that document here, once, rather than beside each response.
 */
@Configuration(proxyBeanMethods = false)
public class ProblemDocuments {

    /** What springdoc gives a response declared without content: the handler's own return type, as any type. */
    private static final Set<String> RETURN_TYPE_GUESSED = Set.of("*/*");

    /**
     * A refusal with its problem document, for an entry another customizer writes by hand: springdoc runs customizers
     * in no set order, so it may be added after this one has given refusals their document.
     */
    public static ApiResponse refusal(String description) {
        return new ApiResponse().description(description).content(content());
    }

    /** The problem document as a response's content. */
    public static Content content() {
        return new Content()
                .addMediaType(
                        "application/problem+json",
                        new MediaType().schema(new Schema<>().$ref(ProblemDetail.class.getSimpleName())));
    }

    @Bean
    OpenApiCustomizer refusalsAnswerProblemDocuments() {
        return ProblemDocuments::giveRefusalsTheirDocument;
    }

    static void giveRefusalsTheirDocument(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        // As springdoc writes it for @Schema(implementation = ProblemDetail.class), which no annotation names now.
        SpringDocAnnotationsUtils.extractSchema(
                openApi.getComponents(), ProblemDetail.class, null, null, openApi.getSpecVersion());
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().values().stream()
                .flatMap(path -> path.readOperations().stream())
                .filter(operation -> operation.getResponses() != null)
                .flatMap(operation -> operation.getResponses().entrySet().stream())
                .filter(response -> refusing(response.getKey()) && withoutContent(response.getValue()))
                .forEach(response -> response.getValue().setContent(content()));
    }

    private static boolean refusing(String status) {
        return status.startsWith("4") || status.startsWith("5");
    }

    /** Content given on purpose names its media type; a shared response ($ref) has its own. */
    private static boolean withoutContent(ApiResponse response) {
        if (response.get$ref() != null) {
            return false;
        }
        Content content = response.getContent();
        return content == null || content.isEmpty() || content.keySet().equals(RETURN_TYPE_GUESSED);
    }
}
