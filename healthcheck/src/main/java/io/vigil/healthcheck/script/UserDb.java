package io.vigil.healthcheck.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Looks users and groups up in {@code /etc/passwd} and {@code /etc/group} (local accounts, as scripts need). */
final class UserDb {

    /** A user's ids. */
    record Ids(int uid, int gid) {
    }

    private final Path passwd;
    private final Path group;

    UserDb(Path passwd, Path group) {
        this.passwd = passwd;
        this.group = group;
    }

    static UserDb system() {
        return new UserDb(Path.of("/etc/passwd"), Path.of("/etc/group"));
    }

    /** The user's uid and primary gid; a numeric name is taken as a uid. */
    Optional<Ids> user(String name) throws IOException {
        for (String line : Files.readAllLines(passwd)) {
            String[] f = line.split(":", -1);
            if (f.length >= 4 && (f[0].equals(name) || f[2].equals(name))) {
                return Optional.of(new Ids(Integer.parseInt(f[2]), Integer.parseInt(f[3])));
            }
        }
        return Optional.empty();
    }

    /** The group's gid; a numeric name is taken as a gid. */
    Optional<Integer> group(String name) throws IOException {
        if (name.chars().allMatch(Character::isDigit)) {
            return Optional.of(Integer.parseInt(name));
        }
        List<String> lines = Files.readAllLines(group);
        for (String line : lines) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && f[0].equals(name)) {
                return Optional.of(Integer.parseInt(f[2]));
            }
        }
        return Optional.empty();
    }
}
