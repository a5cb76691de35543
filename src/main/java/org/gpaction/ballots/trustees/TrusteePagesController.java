package org.gpaction.ballots.trustees;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotAdministration;
import org.gpaction.ballots.ballot.DraftVersion;
import org.gpaction.ballots.ballot.TrusteesOnRecord;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.RolePaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A ballot's trustees: their public keys before it is scheduled, and after the close the record each trustee
 * checks and decrypts offline, and the decryption shares they send back. Administrators see it; only scrutineers
 * change it, but for an administrator's removal of a key whose account is disabled or no longer a scrutineer.
 */
@Controller
@PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
class TrusteePagesController {

    private final BallotAdministration administration;
    private final TrusteeKeys keys;
    private final KeyRemovers removers;
    private final DecryptionShares shares;
    private final BallotRecords records;

    TrusteePagesController(
            BallotAdministration administration,
            TrusteeKeys keys,
            KeyRemovers removers,
            DecryptionShares shares,
            BallotRecords records) {
        this.administration = administration;
        this.keys = keys;
        this.removers = removers;
        this.shares = shares;
        this.records = records;
    }

    record Row(
            String name,
            String publicKey,
            String addedBy,
            boolean removable,
            boolean adderNoLongerScrutineer,
            String addedAt,
            String shareGivenAt) {}

    @GetMapping("/ballots/{id}/trustees")
    String page(@PathVariable long id, @AuthenticationPrincipal StaffPrincipal staff, Model model) {
        // Read before the draft and its keys, so that a change in between makes the page look older than it is, never
        // newer: its forms then change nothing.
        model.addAttribute("version", administration.version(id).number());
        Ballot ballot = administration.find(id);
        DecryptionShares.CountState count = shares.state(id);
        model.addAttribute("ballot", ballot);
        boolean draft = ballot.status() == BallotStatus.DRAFT;
        Function<String, KeyRemovers.Remover> removerOfKeyBy =
                draft ? removers.of(staff) : addedBy -> KeyRemovers.Remover.NONE;
        model.addAttribute(
                "trustees",
                count.trustees().stream()
                        .map(t -> {
                            KeyRemovers.Remover remover = removerOfKeyBy.apply(t.keyAddedBy());
                            return new Row(
                                    t.name(),
                                    t.publicKey(),
                                    t.keyAddedBy(),
                                    remover.mayRemove(),
                                    remover.adderNoLongerScrutineer(),
                                    UkTime.format(t.keyAddedAt()),
                                    t.uploaded() ? UkTime.format(t.uploadedAt()) : null);
                        })
                        .toList());
        model.addAttribute(
                "jointKey",
                TrusteesOnRecord.jointKey(count.trustees().stream()
                                .map(DecryptionShares.TrusteeShare::publicKey)
                                .toList())
                        .orElse(null));
        model.addAttribute("draft", draft);
        model.addAttribute(
                "closed", ballot.status() == BallotStatus.CLOSED || ballot.status() == BallotStatus.PUBLISHED);
        model.addAttribute("count", count);
        model.addAttribute(
                "spoiltWhy", count.tallied() ? Tallying.spoiltWhy(count.tally().spoilt()) : "");
        model.addAttribute("mostTrustees", TrusteeKeys.MOST_TRUSTEES);
        if (count.decrypted()) {
            StringBuilder totals = new StringBuilder();
            for (int i = 0; i < count.counts().length; i++) {
                totals.append(i == 0 ? "" : "; ")
                        .append(ballot.options().get(i))
                        .append(": ")
                        .append(count.counts()[i]);
            }
            model.addAttribute("totals", totals.toString());
            model.addAttribute("decryptedAt", UkTime.onOrAt(count.decryptedAt()));
        }
        model.addAttribute("defaultName", ballot.scrutineerName());
        return "ballots/trustees";
    }

    /**
     * Adds the key only if the draft is still the version the page showed: one opened before someone else's change is
     * answered 409 with the page as it is now, and nothing is added.
     */
    @PostMapping("/ballots/{id}/trustees")
    @PreAuthorize("hasRole('SCRUTINEER')")
    String add(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String keyFile,
            @RequestParam(name = "version", required = false) String version,
            @AuthenticationPrincipal StaffPrincipal staff,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        try {
            TrusteeKeys.Added added = keys.add(id, name, keyFile, staff.email(), DraftVersion.carried(version));
            redirect.addFlashAttribute("done", "You added " + added.trustee().name() + "'s public key");
            return "redirect:/ballots/" + id + "/trustees";
        } catch (TrusteeKeys.InvalidTrusteeKey e) {
            response.setStatus(400);
            model.addAttribute("keyProblems", Map.of(e.field(), e.getMessage()));
            model.addAttribute("hasErrors", true);
            model.addAttribute("name", name);
            if (e.field().equals("name")) {
                // A private key is refused before the name is read, so the file shown again here is not one; a file
                // refused itself is never shown again, as it may be one.
                model.addAttribute("keyFile", keyFile);
            }
            return page(id, staff, model);
        } catch (DraftVersion.ChangedMeanwhile e) {
            model.addAttribute("name", name);
            // A private key is refused before the version is compared, so the file shown again here is not one.
            model.addAttribute("keyFile", keyFile);
            return changedMeanwhile(id, e.onPage("add the key", "the key was not added"), staff, model, response);
        }
    }

    /** Removes the key only if the draft is still the version the page showed, as adding one does. */
    @PostMapping("/ballots/{id}/trustees/remove")
    String remove(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String publicKey,
            @RequestParam(name = "version", required = false) String version,
            @AuthenticationPrincipal StaffPrincipal staff,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        try {
            keys.remove(id, publicKey, staff.email(), DraftVersion.carried(version));
        } catch (DraftVersion.ChangedMeanwhile e) {
            return changedMeanwhile(id, e.onPage("remove the key", "the key was not removed"), staff, model, response);
        }
        redirect.addFlashAttribute("done", "You removed the key");
        return "redirect:/ballots/" + id + "/trustees";
    }

    /** The page as it is now, with its version, saying when and by whom the draft changed and what was not done. */
    private String changedMeanwhile(
            long id, String why, StaffPrincipal staff, Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_CONFLICT);
        model.addAttribute("changedProblem", why);
        model.addAttribute("hasErrors", true);
        return page(id, staff, model);
    }

    @PostMapping("/ballots/{id}/trustees/shares")
    @PreAuthorize("hasRole('SCRUTINEER')")
    String share(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String shareFile,
            @AuthenticationPrincipal StaffPrincipal staff,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        try {
            DecryptionShares.CountState state = shares.accept(id, shareFile, staff.email());
            redirect.addFlashAttribute(
                    "done",
                    state.decrypted()
                            ? "The share is checked and added. Every trustee's share is in: the totals are decrypted"
                            : "The share is checked and added (" + state.sharesIn() + " of "
                                    + state.trustees().size() + ")");
            return "redirect:/ballots/" + id + "/trustees";
        } catch (DecryptionShares.ShareRefused | DecryptionShares.NotDecryptable e) {
            // A share that is wrong is the trustee's to fix (400); one that comes at the wrong time is not (409), as
            // the API answers.
            response.setStatus(e instanceof DecryptionShares.NotDecryptable ? 409 : 400);
            model.addAttribute("shareProblem", e.getMessage());
            model.addAttribute("hasErrors", true);
            return page(id, staff, model);
        }
    }

    /**
     * The record so far: before decryption it ends at the encrypted totals, what each trustee verifies and decrypts
     * offline; afterwards it is whole, with the shares and the result, and is named so.
     */
    @GetMapping("/ballots/{id}/trustees/record.zip")
    void record(@PathVariable long id, HttpServletResponse response) throws IOException {
        administration.find(id);
        records.send(
                id,
                response,
                "ballot-" + id + "-record-before-decryption.zip",
                "ballot-" + id + "-record.zip",
                BallotRecords.Refusal.TEXT);
    }

    @ExceptionHandler(TrusteeKeys.TrusteesFixed.class)
    ModelAndView fixed(TrusteeKeys.TrusteesFixed e, HttpServletResponse response) {
        response.setStatus(409);
        return new ModelAndView(
                "ballots/conflict", Map.of("heading", "The trustees cannot be changed", "message", e.getMessage()));
    }

    @ExceptionHandler(KeyRemovers.KeyGivenByAnother.class)
    ModelAndView givenByAnother(KeyRemovers.KeyGivenByAnother e, HttpServletResponse response) {
        response.setStatus(403);
        return new ModelAndView(
                "ballots/conflict", Map.of("heading", "That key cannot be removed", "message", e.getMessage()));
    }

    @ExceptionHandler(TrusteeKeys.NoSuchTrusteeKey.class)
    ModelAndView notATrustee(TrusteeKeys.NoSuchTrusteeKey e, HttpServletResponse response) {
        response.setStatus(404);
        return new ModelAndView(
                "ballots/conflict", Map.of("heading", "That key cannot be removed", "message", e.getMessage()));
    }

    /**
     * Only a scrutineer posts the trustees' forms, but for a removal, which an administrator may post for a key whose
     * account is disabled or no longer a scrutineer: refused before the form is read, as the methods refuse it after.
     */
    @Configuration(proxyBeanMethods = false)
    static class Roles {
        @Bean
        RolePaths trusteeForms() {
            return RolePaths.of(
                    "POST", List.of("/ballots/{id}/trustees", "/ballots/{id}/trustees/shares"), "SCRUTINEER");
        }

        @Bean
        RolePaths trusteeKeyRemoval() {
            return RolePaths.of("POST", List.of("/ballots/{id}/trustees/remove"), "ADMIN", "SCRUTINEER");
        }
    }
}
