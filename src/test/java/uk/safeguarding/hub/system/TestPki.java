package uk.safeguarding.hub.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The tests' own development PKI and agency register, under target/, so that no test writes into the developer's
 * certs/dev/: every hub a test starts (in its JVM or as a process) is pointed here.
 */
public final class TestPki {

    public static final String DIR = "target/test-pki";

    private TestPki() {}

    /** The example register with its certificates here, plus {@code more} (YAML, indented as agencies). */
    static synchronized Path register(String name, String more) {
        try {
            Path file = Path.of("target", name);
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file, Files.readString(Path.of("config/agencies.yaml")).replace("certs/dev/", DIR + "/") + more);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shipped settings with the PKI and register here: for the commands that read the file themselves. */
    static synchronized Path applicationYaml() {
        try {
            Path file = Path.of("target/test-application.yaml");
            Files.writeString(
                    file,
                    Files.readString(Path.of("config/application.yaml"))
                            .replace("dev-directory: certs/dev", "dev-directory: " + DIR)
                            .replace(
                                    "agencies: config/agencies.yaml",
                                    "agencies: " + register("test-pki-agencies.yaml", "")));
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The arguments that point a hub process here. */
    static List<String> hubArgs() {
        return List.of(
                "--hub.pki.dev-directory=" + DIR, "--hub.register.agencies=" + register("test-pki-agencies.yaml", ""));
    }
}
