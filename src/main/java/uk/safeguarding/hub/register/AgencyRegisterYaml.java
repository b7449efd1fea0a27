package uk.safeguarding.hub.register;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

/**
 * A register version as text: the register file's own format, with every certificate written out in PEM (a stored
 * version names no file), so that each version is whole on its own, reads back to the same agencies, and two
 * versions compare line by line.
 */
public final class AgencyRegisterYaml {

    private AgencyRegisterYaml() {}

    public static String write(Collection<Agency> agencies) {
        return write(entries(agencies));
    }

    /** Each agency's entry, by id, as the register file writes it. */
    static Map<String, Map<String, Object>> entries(Collection<Agency> agencies) {
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        agencies.stream().sorted(Comparator.comparing(Agency::id)).forEach(a -> byId.put(a.id(), entry(a)));
        return byId;
    }

    static String write(Map<String, Map<String, Object>> byId) {
        Map<String, Object> sorted = new java.util.TreeMap<>(byId);
        return "# The agency register, as governed by the hub: each change is a new version, approved by a second"
                + " officer.\n" + yaml().dump(Map.of("agencies", sorted));
    }

    /** Reads a stored or proposed version; a problem names its line. */
    public static List<Agency> read(String text, String name) {
        return AgencyRegisterFile.parse(text, name);
    }

    static Map<String, Object> entry(Agency a) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", a.name());
        e.put("role", a.role().name());
        e.put("frontDoor", a.frontDoor());
        e.put("active", a.active());
        if (a.wantsHl7()) {
            e.put("format", a.format());
        }
        Agency.Details d = a.details();
        if (d.odsCode() != null) {
            e.put("odsCode", d.odsCode());
        }
        if (!d.contacts().isEmpty()) {
            List<Map<String, Object>> contacts = new ArrayList<>();
            for (Agency.Contact c : d.contacts()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", c.name());
                if (c.email() != null) {
                    m.put("email", c.email());
                }
                if (c.phone() != null) {
                    m.put("phone", c.phone());
                }
                contacts.add(m);
            }
            e.put("contacts", contacts);
        }
        if (d.agreement() != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reference", d.agreement());
            m.put(
                    "reviewDate",
                    d.agreementReview() == null ? null : d.agreementReview().toString());
            e.put("sharingAgreement", m);
        }
        List<Map<String, Object>> certificates = new ArrayList<>();
        for (Agency.HeldCertificate h : a.certificates()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("certificate", Pem.text(h.certificate()));
            if (h.until() != null) {
                m.put("until", h.until().toString());
            }
            certificates.add(m);
        }
        e.put("certificates", certificates);
        if (a.pushes()) {
            Map<String, Object> push = new LinkedHashMap<>();
            push.put("url", a.pushUrl().toString());
            push.put("ca", Pem.text(a.pushCa()));
            e.put("push", push);
        }
        if (a.mesh() != null) {
            Map<String, Object> mesh = new LinkedHashMap<>();
            mesh.put("mailbox", a.mesh().mailbox());
            mesh.put("collect", a.mesh().collects());
            e.put("mesh", mesh);
        }
        return e;
    }

    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(120);
        return new Yaml(new BlockText(options), options);
    }

    /** A text of several lines (a PEM) as a literal block, everything else plain. */
    private static final class BlockText extends Representer {
        BlockText(DumperOptions options) {
            super(options);
            Represent plain = representers.get(String.class);
            representers.put(String.class, data -> {
                String s = (String) data;
                return s.contains("\n")
                        ? representScalar(Tag.STR, s, DumperOptions.ScalarStyle.LITERAL)
                        : plain.representData(data);
            });
        }
    }
}
