package uk.safeguarding.hub.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import uk.safeguarding.hub.protect.DevPki;

/**
 * {@code issue-certificate <agency-id> [--days N] [--dir DIR]}: the development CA issues a new certificate and key
 * for an agency, under a new name so the one in use stays ({@code <id>-<time>.pem}, {@code -key.pem}, {@code
 * .p12}), for a rotation to be tried end to end: upload the PEM (console: Agencies, or POST
 * /api/agencies/{id}/certificates), have it approved, then connect with the new {@code .p12}. {@code
 * issue-certificate hub} renews the hub's own in place, which a running hub takes up (HubIdentity).
 */
public final class IssueCertificateCommand {

    private IssueCertificateCommand() {}

    public static int main(List<String> args) {
        String agency = null;
        int days = 825;
        Path dir = Path.of("certs/dev");
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--days" -> days = Integer.parseInt(args.get(++i));
                case "--dir" -> dir = Path.of(args.get(++i));
                default -> agency = args.get(i);
            }
        }
        if (agency == null || !agency.matches("[a-z0-9][a-z0-9-]{1,62}") || days < 1) {
            System.err.println("usage: issue-certificate <agency-id>|hub [--days N] [--dir certs/dev]");
            return 2;
        }
        if (!Files.exists(dir.resolve("ca-key.pem"))) {
            System.err.println("no development CA in " + dir + " (start the hub once to make it)");
            return 1;
        }
        if (agency.equals(DevPki.HUB)) {
            var renewed = new DevPki(dir).renewHub(Duration.ofDays(days));
            System.out.println("Renewed the hub's own key and certificate in " + dir + " (hub.pem, hub-key.pem,"
                    + " hub.p12), valid " + days + " days, ending "
                    + renewed.getNotAfter().toInstant() + ".");
            System.out.println("A running hub signs and presents it within two hub.keys.refresh-period (5 s each),"
                    + " with no restart; agencies trust it through the same CA.");
            return 0;
        }
        String name = agency + "-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now());
        new DevPki(dir).issue(name, Instant.now().minus(Duration.ofMinutes(5)), Duration.ofDays(days));
        System.out.println("Issued " + dir.resolve(name + ".pem") + " (key " + dir.resolve(name + "-key.pem")
                + ", PKCS#12 " + dir.resolve(name + ".p12") + ", password changeit) for agency " + agency
                + ", valid " + days + " days.");
        System.out.println("Upload " + dir.resolve(name + ".pem")
                + " as the agency's new certificate (console: Agencies), then connect with the .p12.");
        return 0;
    }
}
