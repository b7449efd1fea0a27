package uk.safeguarding.hub.system;

import java.nio.file.Files;
import java.nio.file.Path;
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
                    byte[] random = new byte[18];
                    new SecureRandom().nextBytes(random);
                    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                    people.setProperty("hub.people.users[" + i + "].name", users[i][0]);
                    people.setProperty("hub.people.users[" + i + "].password", "{bcrypt}" + bcrypt.encode(password));
                    people.setProperty("hub.people.users[" + i + "].roles", users[i][1]);
                    clear.append(users[i][0]).append(' ').append(password).append('\n');
                }
                Files.createDirectories(dir);
                try (var out = Files.newBufferedWriter(hashed)) {
                    people.store(out, "development users, generated on first start");
                }
                Files.writeString(dir.resolve("people-passwords.txt"), clear);
            }
            Properties people = new Properties();
            try (var in = Files.newBufferedReader(hashed)) {
                people.load(in);
            }
            return people;
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
