package uk.safeguarding.hub.system.host;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Everything the hub writes (database, broker journal, keys, generated secrets) is for its own user only. The
 * process sets its own umask to 077 before anything writes, so H2 and Artemis create their files 0600 in 0700
 * folders whatever the shell's umask was; and a key file that group or others can read stops the start.
 */
final class FileModes {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);
    private static volatile boolean restricted;

    private FileModes() {}

    /** The C library's umask(2), through JNA: Java has no call of its own for it. */
    interface C extends Library {
        int umask(int mask);
    }

    /** Sets the process's umask to 077 (once), and proves it by creating a file in {@code probeDir}. */
    public static synchronized void restrictProcess(Path probeDir) {
        if (!posix()) {
            return;
        }
        if (!restricted) {
            Native.load("c", C.class).umask(0077);
            restricted = true;
        }
        try {
            Files.createDirectories(probeDir);
            Path probe =
                    probeDir.resolve(".umask-probe-" + ProcessHandle.current().pid());
            Files.write(probe, new byte[1]);
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(probe);
            Files.delete(probe);
            if (!java.util.Collections.disjoint(mode, OTHERS)) {
                throw new IllegalStateException("the hub could not restrict its own file modes: a new file is "
                        + PosixFilePermissions.toString(mode));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write in " + probeDir + ": " + e.getMessage(), e);
        }
    }

    /** Creates the folder if need be, and makes it the hub's own (0700), as a folder made before may not be. */
    public static void privateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (posix()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /**
     * The secret files that exist among {@code paths} (a folder stands for the key and secret files in it), each
     * readable by its owner only; else the start stops naming every file that is not.
     */
    public static void requirePrivate(List<Path> paths) {
        if (!posix()) {
            return;
        }
        List<String> open = new ArrayList<>();
        for (Path path : paths) {
            for (Path file : secretFiles(path)) {
                try {
                    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
                    if (!java.util.Collections.disjoint(mode, OTHERS)) {
                        open.add(file + " (" + PosixFilePermissions.toString(mode) + ")");
                    }
                } catch (IOException e) {
                    open.add(file + " (" + e.getMessage() + ")");
                }
            }
        }
        if (!open.isEmpty()) {
            throw new IllegalStateException("refusing to start: these key or secret files can be read by other users"
                    + " of this machine; make them readable by the hub's user only (chmod 600): "
                    + String.join(", ", open));
        }
    }

    private static List<Path> secretFiles(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> isSecret(f.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + path + ": " + e.getMessage(), e);
        }
    }

    static boolean isSecret(String name) {
        return name.endsWith("-key.pem")
                || name.endsWith(".p12")
                || name.startsWith("people")
                || name.endsWith(".secrets")
                || name.endsWith("secrets.properties");
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
