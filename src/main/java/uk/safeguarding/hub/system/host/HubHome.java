package uk.safeguarding.hub.system.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The hub's home ({@code hub.home}, {@code HUB_HOME}; the working folder when not set): the data folder and the
 * development PKI are under it, and so are the agency register, the sharing rules and the bank holidays when the
 * home has its own in {@code config/}. Where it has none, the copy shipped in the jar is used, written afresh at
 * each start under {@code <data>/shipped/} (the loaders read files). So {@code java -jar safeguarding-hub.jar}
 * starts from any folder, and an installation overrides only what it changes.
 */
public final class HubHome {

    /** Folders under the home. */
    static final List<String> FOLDERS = List.of("hub.data-dir", "hub.pki.dev-directory");

    /** Files an installation may keep in its home's config/, else the jar's. */
    static final List<String> CONFIG_FILES =
            List.of("hub.register.agencies", "hub.policy.rules", "hub.follow-up.bank-holidays");

    private static final String SHIPPED = "/shipped/";

    private HubHome() {}

    static Path of(Environment environment) {
        return Path.of(environment.getProperty("hub.home", "."))
                .toAbsolutePath()
                .normalize();
    }

    /** Sets each path above as it is under the home (only where that changes what it names). */
    static void resolve(ConfigurableEnvironment environment) {
        Path home = of(environment);
        boolean elsewhere = !home.equals(Path.of("").toAbsolutePath().normalize());
        Map<String, Object> resolved = new LinkedHashMap<>();
        MapPropertySource source = new MapPropertySource("hub-home", resolved);
        environment.getPropertySources().addFirst(source);
        for (String folder : FOLDERS) {
            String value = environment.getProperty(folder);
            if (elsewhere && value != null && !Path.of(value).isAbsolute()) {
                resolved.put(folder, home.resolve(value).normalize().toString());
            }
        }
        for (String name : CONFIG_FILES) {
            String value = environment.getProperty(name);
            if (value == null || Path.of(value).isAbsolute()) {
                continue;
            }
            Path file = home.resolve(value).normalize();
            ClassPathResource shipped = new ClassPathResource(value);
            if (!Files.exists(file) && shipped.exists()) {
                resolved.put(
                        name,
                        unpack(shipped, Path.of(environment.getProperty("hub.data-dir", "data"), "shipped", value)));
            } else if (elsewhere) {
                resolved.put(name, file.toString());
            }
        }
    }

    /** A configuration file as a person reads it: the jar's own copy says so. */
    public static String describe(String file) {
        int shipped = file == null ? -1 : file.indexOf(SHIPPED);
        return shipped < 0 ? file : file.substring(shipped + SHIPPED.length()) + " (shipped in the jar)";
    }

    private static String unpack(ClassPathResource shipped, Path to) {
        try (InputStream in = shipped.getInputStream()) {
            Files.createDirectories(to.getParent());
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
            return to.toAbsolutePath().normalize().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the shipped " + shipped.getPath() + " into " + to, e);
        }
    }
}
