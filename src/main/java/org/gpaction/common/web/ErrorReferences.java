package org.gpaction.common.web;

import java.security.SecureRandom;
import java.util.Map;
import org.gpaction.common.AddressesLeftOut;
import org.gpaction.common.SecretTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

/**
 * Every server error gets a short reference that is shown to the person and written to the log beside the
 * exception (without the email addresses its messages may quote), so support can find it; the exception itself is
 * never shown. A refusal a person can correct ({@link PageNumber}, {@link BodyRefused}) is shown with what to fix, and
 * with no reference.
 */
@Component
class ErrorReferences extends DefaultErrorAttributes {

    private static final Logger log = LoggerFactory.getLogger(ErrorReferences.class);
    private static final String REFERENCE = ErrorReferences.class.getName() + ".reference";
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom random = new SecureRandom();

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Map<String, Object> attributes = super.getErrorAttributes(request, ErrorAttributeOptions.defaults());
        Object advice = request.getAttribute(BodyRefused.ADVICE, RequestAttributes.SCOPE_REQUEST);
        if (advice instanceof String words) {
            attributes.put("advice", words);
        } else if (getError(request) instanceof PageNumber.Refused refused) {
            attributes.put("advice", refused.getReason());
        }
        Object status = attributes.get("status");
        // A refusal that says what to do about it (a file the disk has no room for now, 503) is no fault to look up.
        if (status instanceof Integer code && code >= 500 && !attributes.containsKey("advice")) {
            attributes.put("reference", referenceFor(request, String.valueOf(attributes.get("path"))));
        }
        return attributes;
    }

    private String referenceFor(WebRequest request, String path) {
        Object existing = request.getAttribute(REFERENCE, RequestAttributes.SCOPE_REQUEST);
        if (existing instanceof String reference) {
            return reference;
        }
        String reference = newReference();
        request.setAttribute(REFERENCE, reference, RequestAttributes.SCOPE_REQUEST);
        Throwable error = getError(request);
        if (error != null) {
            log.error("Server error reference {}", reference, AddressesLeftOut.of(error));
        } else {
            // The path may carry a secret (a voting or setup link), which must never reach the log.
            log.error("Server error reference {} (path {})", reference, SecretTokens.redact(path));
        }
        return reference;
    }

    static String newReference() {
        char[] reference = new char[10];
        for (int i = 0; i < reference.length; i++) {
            reference[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(reference, 0, 5) + "-" + new String(reference, 5, 5);
    }
}
