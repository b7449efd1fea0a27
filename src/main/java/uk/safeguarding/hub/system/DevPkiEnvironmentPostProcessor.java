package uk.safeguarding.hub.system;

import java.nio.file.Files;
import java.io.StringWriter;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
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
        new DevPki(dir).ensure(agencyIds(register));
        if (environment.getProperty("hub.people.users[0].name") == null) {
            environment.getPropertySources().addLast(new PropertiesPropertySource("dev-people", devPeople(dir)));
        }
        // Last, so that a value set anywhere else (an environment variable in production) wins.
        environment.getPropertySources().addLast(new PropertiesPropertySource("dev-secrets", devSecrets(dir)));
    }

    /**
     * The development secrets that live outside the database: the key H2 encrypts its file with, the database
     * user's password, and the key of the audit chain. Random, generated once into {@code hub.secrets} (0600).
     */
    static Properties devSecrets(Path dir) {
        Path file = dir.resolve("hub.secrets");
        try {
            if (!Files.exists(file)) {
                Properties secrets = new Properties();
                secrets.setProperty("hub.database.file-key", random(32));
                secrets.setProperty("hub.database.password", random(24));
                secrets.setProperty("hub.audit.key", random(32));
                writePrivate(file, secrets, "development secrets, generated on first start; never use outside development");
            }
            return read(file);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot make the development secrets in " + file + ": " + e.getMessage(), e);
        }
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
                StringBuilder clear = new StringBuilder("# Development sign-ins for the admin API (HTTP Basic). Never"
                        + " use outside development.\n");
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
            throw new IllegalStateException("cannot make the development users under " + dir + ": " + e.getMessage(), e);
        }
    }

    static List<String> agencyIds(Path register) {
        try (var in = java.nio.file.Files.newInputStream(register)) {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            if (root instanceof Map<?, ?> top && top.get("agencies") instanceof Map<?, ?> agencies) {
                List<String> ids = new ArrayList<>();
                agencies.keySet().forEach(k -> ids.add(String.valueOf(k)));
                return ids;
            }
            return List.of();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the agency register " + register + ": " + e.getMessage(), e);
        }
    }
}
