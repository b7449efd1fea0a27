package uk.safeguarding.hub.system.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What stops the start: a key others can read, a shared database without verified TLS or without a password. */
class HostLockdownTest {

    @TempDir
    Path dir;

    @Test
    void aKeyFileOthersCanReadStopsTheStartNamingIt() throws Exception {
        Path key = dir.resolve("agency-key.pem");
        Files.writeString(key, "not really a key");
        Path certificate = dir.resolve("agency.pem");
        Files.writeString(certificate, "a certificate is public");
        Files.setPosixFilePermissions(certificate, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        assertThatCode(() -> FileModes.requirePrivate(List.of(dir))).doesNotThrowAnyException();
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> FileModes.requirePrivate(List.of(dir)))
                .hasMessageContaining("refusing to start")
                .hasMessageContaining(key.toString())
                .hasMessageContaining("rw-r-----")
                .hasMessageNotContaining("agency.pem ");
    }

    @Test
    void theProcessCreatesItsFilesForItsOwnUserOnly() throws Exception {
        FileModes.restrictProcess(dir.resolve("data"));
        Path file = dir.resolve("data/new-file");
        Files.writeString(file, "x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        Files.createDirectories(dir.resolve("data/sub"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data/sub"))))
                .isEqualTo("rwx------");
    }

    @Test
    void aSharedDatabaseNeedsVerifiedTlsAndAPassword() {
        assertThatThrownBy(() -> HostLockdown.requireProtectedDatabase("jdbc:postgresql://db:5432/hub", "secret"))
                .hasMessageContaining("sslmode=verify-full");
        assertThatThrownBy(() ->
                        HostLockdown.requireProtectedDatabase("jdbc:postgresql://db/hub?sslmode=require", "secret"))
                .hasMessageContaining("sslmode=verify-full");
        assertThatThrownBy(() -> HostLockdown.requireProtectedDatabase(
                        "jdbc:postgresql://db/hub?sslmode=verify-full&sslrootcert=ca.pem", ""))
                .hasMessageContaining("password");
        assertThatCode(() -> HostLockdown.requireProtectedDatabase(
                        "jdbc:postgresql://db/hub?sslmode=verify-full&sslrootcert=ca.pem", "secret"))
                .doesNotThrowAnyException();
        assertThatCode(() -> HostLockdown.requireProtectedDatabase("jdbc:h2:file:/x/db/hub;CIPHER=AES", ""))
                .doesNotThrowAnyException();
    }
}
