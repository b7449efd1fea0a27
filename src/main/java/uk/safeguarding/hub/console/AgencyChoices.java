package uk.safeguarding.hub.console;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ui.Model;
import uk.safeguarding.hub.register.Agency;
import uk.safeguarding.hub.register.AgencyRegister;

/** The agencies as the pages offer and name them: choices by name, and each id's name for the tables. */
final class AgencyChoices {

    private AgencyChoices() {}

    /** Into the model: {@code agencies} (by name, for a choice) and {@code agencyNames} (id to name). */
    static void into(Model model, AgencyRegister register) {
        model.addAttribute("agencies", byName(register));
        model.addAttribute("agencyNames", names(register));
    }

    static List<Agency> byName(AgencyRegister register) {
        return register.all().stream()
                .sorted(Comparator.comparing(Agency::name))
                .toList();
    }

    static Map<String, String> names(AgencyRegister register) {
        Map<String, String> names = new HashMap<>();
        register.all().forEach(a -> names.put(a.id(), a.name()));
        return names;
    }
}
