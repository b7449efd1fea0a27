package uk.safeguarding.hub.system.host;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Runs as soon as the configuration is read, before anything opens a file or a socket: the process's files become
 * its own (umask 077; {@code data/} and the development PKI folder 0700), the paths in the settings are those under
 * the hub's home ({@link HubHome}), a key or secret file others can read
 * stops the start, and TLS refuses renegotiation started by a client (JSSE reads that switch once, at first use).
 */
public class HostLockdown implements EnvironmentPostProcessor, Ordered {

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10; // after the configuration files, before the development PKI
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        FileModes.restrictProcess(Path.of(System.getProperty("java.io.tmpdir")));
        HubHome.resolve(environment);
        environment.getPropertySources().addLast(new DataPaths(environment));
        Path dev = Path.of(environment.getProperty("hub.pki.dev-directory", "certs/dev"));
        if (environment.getProperty("hub.pki.generate-dev", Boolean.class, false)) {
            privateDirectory(dev);
        }
        List<Path> secrets = new ArrayList<>(List.of(dev));
        for (String key : List.of("hub.keys.hub-private-key", "hub.broker.key-store")) {
            String value = environment.getProperty(key);
            if (value != null && !value.isBlank()) {
                secrets.add(Path.of(value));
            }
        }
        FileModes.requirePrivate(secrets);
        String url = raw(environment, "spring.datasource.url");
        if (url.startsWith("jdbc:postgresql:") || url.contains("HUB_DB_URL")) {
            requireProtectedDatabase(
                    environment.resolvePlaceholders(url),
                    environment.resolvePlaceholders(raw(environment, "spring.datasource.password")));
        }
    }

    /** The value as written, placeholders left alone: the embedded database's are not all known yet. */
    private static String raw(ConfigurableEnvironment environment, String name) {
        for (var source : environment.getPropertySources()) {
            // "configurationProperties" is Spring's view of all the others: skip it, it resolves.
            if (!"configurationProperties".equals(source.getName()) && source.containsProperty(name)) {
                Object value = source.getProperty(name);
                return value == null ? "" : value.toString();
            }
        }
        return "";
    }

    public static void privateDirectory(Path dir) {
        try {
            FileModes.privateDirectory(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot make " + dir + " private: " + e.getMessage(), e);
        }
    }

    /**
     * {@code hub.database.file}: the database's path under the data folder, made absolute (H2 refuses a path
     * relative to the working folder unless it starts with "./"). Worked out when asked, from the data folder
     * as it is then (a test sets it after this runs).
     */
    static final class DataPaths extends org.springframework.core.env.PropertySource<Object> {

        // Not the environment itself as the source: Spring Boot would walk into it as a nested environment.
        private final ConfigurableEnvironment environment;

        DataPaths(ConfigurableEnvironment environment) {
            super("hub-data-paths", new Object());
            this.environment = environment;
        }

        @Override
        public Object getProperty(String name) {
            if (!name.equals("hub.database.file")) {
                return null;
            }
            return Path.of(environment.getProperty("hub.data-dir", "data"))
                    .toAbsolutePath()
                    .normalize()
                    .resolve("db/hub")
                    .toString();
        }
    }

    /**
     * A database across the network (PostgreSQL, profile shared) is reached over TLS that checks the server's
     * certificate, with a password: anything less stops the start.
     */
    static void requireProtectedDatabase(String url, String password) {
        if (!url.startsWith("jdbc:postgresql:")) {
            return;
        }
        java.util.regex.Matcher mode =
                java.util.regex.Pattern.compile("[?&]sslmode=([a-z-]+)").matcher(url);
        if (!mode.find()
                || !(mode.group(1).equals("verify-full") || mode.group(1).equals("verify-ca"))) {
            throw new IllegalStateException("refusing to start: the database URL must ask for TLS that verifies the"
                    + " server (sslmode=verify-full, with sslrootcert=<the CA's PEM>): "
                    + url.replaceAll("password=[^&]*", "password=***"));
        }
        if (password == null || password.isBlank()) {
            throw new IllegalStateException("refusing to start: the database password is empty (HUB_DB_PASSWORD)");
        }
    }
}
