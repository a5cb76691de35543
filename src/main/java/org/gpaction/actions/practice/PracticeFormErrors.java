package org.gpaction.actions.practice;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Map;
import org.gpaction.common.web.InvalidRequest;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;

/**
 * Puts a refused change back on the form that asked for it, each problem by its field or above the form, answered 400
 * (or 409 for the state things are in) as the API answers the same refusal.
 */
final class PracticeFormErrors {

    private PracticeFormErrors() {}

    static void reject(InvalidRequest e, BindingResult errors, Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        for (Map<String, String> error : e.errors()) {
            String field = error.get("field");
            if (errors.getFieldType(field) != null || hasProperty(errors, field)) {
                errors.rejectValue(field, "invalid", error.get("message"));
            } else {
                errors.reject("invalid", error.get("message"));
            }
        }
        model.addAttribute("hasErrors", true);
    }

    /** A change refused for the state things are in rather than for what was typed: 409, beside the field. */
    static void conflict(
            String field, String message, BindingResult errors, Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_CONFLICT);
        errors.rejectValue(field, "conflict", message);
        model.addAttribute("hasErrors", true);
    }

    /** The action number a form sent, or null when it sent none. */
    static Integer actionNumber(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw InvalidRequest.field("actionNumber", "Choose an action from the menu");
        }
    }

    private static boolean hasProperty(BindingResult errors, String field) {
        Object target = errors.getTarget();
        return target != null
                && Arrays.stream(target.getClass().getRecordComponents())
                        .anyMatch(component -> component.getName().equals(field));
    }
}
