package uk.safeguarding.hub.system.host;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import uk.safeguarding.hub.protect.DevPki;

/**
 * Makes the development PKI before anything reads it (the TLS connector's SSL bundle is built early), when
 * {@code hub.pki.generate-dev} is true: the default on the embedded profile, never in production.
 */
public class DevPkiEnvironmentPostProcessor implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty("hub.pki.generate-dev", Boolean.class, false)) {
            return;
        }
        Path dir = Path.of(environment.getProperty("hub.pki.dev-directory", "certs/dev"));
        Path register = Path.of(environment.getProperty("hub.register.agencies", "config/agencies.yaml"));
        DevPki pki = new DevPki(dir);
        pki.ensure(agencyIds(register));
        if (environment.getProperty("hub.people.users[0].name") == null) {
            environment.getPropertySources().addLast(new PropertiesPropertySource("dev-people", devPeople(dir)));
        }
        environment
                .getPropertySources()
                .addLast(new PropertiesPropertySource("dev-mesh", devMeshMailboxes(dir, agencyIds(register))));
        // Last, so that a value set anywhere else (an environment variable in production) wins.
        environment.getPropertySources().addLast(new PropertiesPropertySource("dev-secrets", pki.secrets()));
    }

    private static String random(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static Properties read(Path file) throws java.io.IOException {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        return properties;
    }

    private static void writePrivate(Path file, Properties properties, String comment) throws java.io.IOException {
        StringWriter text = new StringWriter();
        properties.store(text, comment);
        writePrivate(file, text.toString());
    }

    /** Created readable by its owner only whatever the umask, then moved into place whole. */
    static void writePrivate(Path file, String text) throws java.io.IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The development sign-ins and their roles: two officers for the four-eyes rule changes, a Caldicott guardian. */
    static final String[][] DEV_PEOPLE = {
        {"ig-officer", "IG_OFFICER"},
        {"ig-officer-2", "IG_OFFICER"},
        {"ops", "OPS"},
        {"auditor", "AUDITOR"},
        {"caldicott-guardian", "CALDICOTT_GUARDIAN"}
    };

    /**
     * The development sign-ins ({@link #DEV_PEOPLE}) with random passwords, written in clear to
     * {@code people-passwords.txt} for the developer and hashed to {@code people.properties}; a sign-in added in a
     * later version is added to existing files, and those already there keep their passwords.
     */
    static Properties devPeople(Path dir) {
        Path hashed = dir.resolve("people.properties");
        Path clearFile = dir.resolve("people-passwords.txt");
        try {
            Properties people = Files.exists(hashed) ? read(hashed) : new Properties();
            java.util.Set<String> known = new java.util.HashSet<>();
            int next = 0;
            while (people.getProperty("hub.people.users[" + next + "].name") != null) {
                known.add(people.getProperty("hub.people.users[" + next + "].name"));
                next++;
            }
            StringBuilder clear = new StringBuilder(
                    Files.exists(clearFile)
                            ? Files.readString(clearFile)
                            : "# Development sign-ins (console and admin API). Never use outside development.\n");
            BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
            boolean added = false;
            for (String[] user : DEV_PEOPLE) {
                if (known.contains(user[0])) {
                    continue;
                }
                String password = random(18);
                people.setProperty("hub.people.users[" + next + "].name", user[0]);
                people.setProperty("hub.people.users[" + next + "].password", "{bcrypt}" + bcrypt.encode(password));
                people.setProperty("hub.people.users[" + next + "].roles", user[1]);
                clear.append(user[0]).append(' ').append(password).append('\n');
                next++;
                added = true;
            }
            if (added) {
                writePrivate(clearFile, clear.toString());
                writePrivate(hashed, people, "development users, generated on first start");
            }
            return read(hashed);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(
                    "cannot make the development users under " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A MESH mailbox for every development agency, with a random password, written to {@code mesh-mailboxes.txt}
     * (one line each: agency, mailbox id, password; readable by the hub's user only); an agency added later gets one
     * too, and those already there keep theirs.
     */
    public static Properties devMeshMailboxes(Path dir, List<String> agencies) {
        Path file = dir.resolve("mesh-mailboxes.txt");
        try {
            StringBuilder text = new StringBuilder(
                    Files.exists(file)
                            ? Files.readString(file)
                            : "# Development MESH mailboxes: agency, mailbox id, password. Never use outside"
                                    + " development.\n");
            java.util.Map<String, String[]> byAgency = new java.util.LinkedHashMap<>();
            text.toString()
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .forEach(l -> {
                        String[] parts = l.strip().split("\\s+");
                        if (parts.length == 3) {
                            byAgency.put(parts[0], parts);
                        }
                    });
            boolean added = false;
            for (String agency : agencies) {
                if (!byAgency.containsKey(agency)) {
                    String[] line = {agency, devMailboxId(agency), random(18)};
                    byAgency.put(agency, line);
                    text.append(String.join(" ", line)).append('\n');
                    added = true;
                }
            }
            if (added) {
                writePrivate(file, text.toString());
            }
            Properties mailboxes = new Properties();
            byAgency.values().forEach(line -> {
                mailboxes.setProperty("hub.mesh.passwords." + line[1], line[2]);
            });
            return mailboxes;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(
                    "cannot make the development MESH mailboxes in " + file + ": " + e.getMessage(), e);
        }
    }

    /** A development agency's mailbox id: "SG" and its id in capitals, letters and digits only ("SGDRUGSERVICE"). */
    static String devMailboxId(String agency) {
        return "SG" + agency.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }

    public static List<String> agencyIds(Path register) {
        return uk.safeguarding.hub.register.AgencyRegister.ids(register);
    }
}
