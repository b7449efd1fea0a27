package uk.safeguarding.hub.console;

import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import uk.safeguarding.hub.operations.KeyRotation;

/**
 * The vault's data keys for operations (OPS): which keys seal what, since when, which are retired (they still open
 * what they sealed); and the one action, putting new keys in force. Never a key's material.
 */
@Controller
class DataKeyPages {

    private final KeyRotation keys;

    DataKeyPages(KeyRotation keys) {
        this.keys = keys;
    }

    @GetMapping("/console/operations/data-keys")
    String list(Model model) {
        java.util.List<uk.safeguarding.hub.vault.Vault.KeyInfo> newestFirst = new java.util.ArrayList<>(keys.keys());
        java.util.Collections.reverse(newestFirst);
        model.addAttribute("keys", newestFirst);
        return "console/data-keys";
    }

    @PostMapping("/console/operations/data-keys/rotate")
    String rotate(Principal who, RedirectAttributes flash) {
        int made = keys.rotate(who.getName()).size();
        flash.addFlashAttribute(
                "done",
                made + " new data keys are in force: what is sealed from now on uses them, and everything sealed"
                        + " before still opens with the keys now retired.");
        return "redirect:/console/operations/data-keys";
    }
}
