package uk.safeguarding.hub.system;

import java.nio.file.Path;
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
    }

    private static List<String> agencyIds(Path register) {
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
