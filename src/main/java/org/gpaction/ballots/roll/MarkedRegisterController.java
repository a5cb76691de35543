package org.gpaction.ballots.roll;

import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotAdministration;
import org.gpaction.common.UkTime;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.ModelAndView;

/**
 * The marked register as a spreadsheet, for the independent scrutineer alone, as certifying is: it says who voted,
 * which nobody running the union's side of the ballot, administrators included, should be able to read.
 */
@Controller
@PreAuthorize("hasRole('SCRUTINEER')")
class MarkedRegisterController {

    private final BallotAdministration administration;
    private final MarkedRegister register;

    MarkedRegisterController(BallotAdministration administration, MarkedRegister register) {
        this.administration = administration;
        this.register = register;
    }

    @GetMapping("/ballots/{id}/marked-register.csv")
    ModelAndView download(@PathVariable long id, Authentication staff, HttpServletResponse response)
            throws IOException {
        Ballot ballot = administration.find(id);
        if (ballot.votersForgottenAt() != null) {
            response.setStatus(HttpServletResponse.SC_GONE);
            return new ModelAndView(
                    "ballots/conflict",
                    Map.of(
                            "heading",
                            "The marked register has been deleted",
                            "message",
                            "The roll and the record of who voted in \"" + ballot.title() + "\" were deleted "
                                    + UkTime.onOrAt(ballot.votersForgottenAt())
                                    + ", at the end of the period the privacy notice gives. The result, the turnout"
                                    + " figures and the ballot record are kept."));
        }
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment()
                        .filename("ballot-" + id + "-marked-register.csv")
                        .build()
                        .toString());
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
        try {
            register.write(ballot, out, staff.getName());
        } catch (RuntimeException e) {
            // Failed before anything went (the first page could not be read): the error page must not be saved as
            // the file.
            if (!response.isCommitted()) {
                response.reset();
            }
            throw e;
        }
        out.flush();
        return null;
    }
}
