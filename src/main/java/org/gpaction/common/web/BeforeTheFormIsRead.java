package org.gpaction.common.web;

import jakarta.servlet.Filter;

/**
 * A filter the pages' security chain runs on a request once its caller is known to be allowed to send it, and before
 * the CSRF check looks for its token among the form's fields, which for a multipart form means reading it whole: for a
 * refusal that needs only the request's head. Declared as a bean of this type, not as a filter, so that the servlet
 * container does not run it on its own as well.
 */
public record BeforeTheFormIsRead(Filter filter) {}
