package uk.safeguarding.hub.system;

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

    /**
     * The development sign-ins: {@code ig-officer} (IG_OFFICER) and {@code ops} (OPS) with random passwords,
     * written in clear to {@code people-passwords.txt} for the developer and hashed to {@code people.properties}.
     */
    static Properties devPeople(Path dir) {
        Path hashed = dir.resolve("people.properties");
        try {
            if (!Files.exists(hashed)) {
                Properties people = new Properties();
                StringBuilder clear = new StringBuilder(
                        "# Development sign-ins for the admin API (HTTP Basic). Never" + " use outside development.\n");
                String[][] users = {{"ig-officer", "IG_OFFICER"}, {"ops", "OPS"}};
                BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
                for (int i = 0; i < users.length; i++) {
                    String password = random(18);
                    people.setProperty("hub.people.users[" + i + "].name", users[i][0]);
                    people.setProperty("hub.people.users[" + i + "].password", "{bcrypt}" + bcrypt.encode(password));
                    people.setProperty("hub.people.users[" + i + "].roles", users[i][1]);
                    clear.append(users[i][0]).append(' ').append(password).append('\n');
                }
                writePrivate(dir.resolve("people-passwords.txt"), clear.toString());
                writePrivate(hashed, people, "development users, generated on first start");
            }
            return read(hashed);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(
                    "cannot make the development users under " + dir + ": " + e.getMessage(), e);
        }
    }

    static List<String> agencyIds(Path register) {
        return uk.safeguarding.hub.register.AgencyRegister.ids(register);
    }
}
