package io.vigil.core.engine;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.ServiceKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The services a running vigil owns in the kernel, one per line, rewritten (atomically, by rename) after each
 * change: after a crash the next run reads it and removes what the crashed run left and no longer wants
 * ({@link io.vigil.core.port.Datapath#adoptLeftovers}). IPVS tags no service with its owner, so without this file a
 * restarted daemon could not tell its own leftovers from an operator's services. Lines: {@code tcp 192.0.2.1 80},
 * {@code fwmark inet 7}.
 */
public final class OwnershipFile {

    private final Path path;
    private Set<ServiceKey> written;

    public OwnershipFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** What the file names; empty when it does not exist. Lines that cannot be read are skipped. */
    public Set<ServiceKey> read() throws IOException {
        Set<ServiceKey> out = new LinkedHashSet<>();
        if (!Files.exists(path)) {
            return out;
        }
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            ServiceKey k = parse(line.trim());
            if (k != null) {
                out.add(k);
            }
        }
        return out;
    }

    /** Writes the set when it changed since the last write. */
    public void write(Collection<ServiceKey> owned) throws IOException {
        Set<ServiceKey> now = new LinkedHashSet<>(owned);
        if (now.equals(written)) {
            return;
        }
        List<String> lines = new ArrayList<>(now.size());
        for (ServiceKey k : now) {
            lines.add(format(k));
        }
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        written = now;
    }

    /** Removes the file (a clean stop owns nothing). */
    public void delete() throws IOException {
        Files.deleteIfExists(path);
        written = Set.of();
    }

    static String format(ServiceKey k) {
        if (k.isFwmark()) {
            return "fwmark " + (k.family() == AddressFamily.INET6 ? "inet6" : "inet") + " "
                    + Integer.toUnsignedString(k.fwmark());
        }
        return k.protocol().name().toLowerCase(Locale.ROOT) + " " + InetAddresses.toText(k.address()) + " " + k.port();
    }

    static ServiceKey parse(String line) {
        String[] f = line.split("\\s+");
        if (f.length != 3) {
            return null;
        }
        try {
            if (f[0].equals("fwmark")) {
                return ServiceKey.fwmark(f[1].equals("inet6") ? AddressFamily.INET6 : AddressFamily.INET,
                        Integer.parseUnsignedInt(f[2]));
            }
            return ServiceKey.of(ServiceKey.Protocol.valueOf(f[0].toUpperCase(Locale.ROOT)), InetAddresses.parse(f[1]),
                    Integer.parseInt(f[2]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
