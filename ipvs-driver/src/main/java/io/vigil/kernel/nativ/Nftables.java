package io.vigil.kernel.nativ;

import io.vigil.core.port.KernelException;
import java.nio.file.Path;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/**
 * libnftables (the library behind the {@code nft} command), through jnr-ffi: one context, JSON in and out, errors
 * captured as text. Each {@link #run} is one transaction: the kernel applies every command of the buffer or none.
 *
 * <p>Network namespace: libnftables may open its netlink socket lazily, in whatever namespace the calling thread is
 * in then; so a context opened for a given namespace ({@link #open(Path)}) enters it for every call. Calls are
 * serialised.
 */
public final class Nftables implements AutoCloseable {

    /** The few libnftables functions vigil calls ({@code <nftables/libnftables.h>}). */
    public interface LibNftables {

        Pointer nft_ctx_new(int flags);

        void nft_ctx_free(Pointer ctx);

        int nft_ctx_buffer_output(Pointer ctx);

        String nft_ctx_get_output_buffer(Pointer ctx);

        int nft_ctx_buffer_error(Pointer ctx);

        String nft_ctx_get_error_buffer(Pointer ctx);

        void nft_ctx_output_set_flags(Pointer ctx, int flags);

        int nft_ctx_output_get_flags(Pointer ctx);

        int nft_run_cmd_from_buffer(Pointer ctx, String buffer);
    }

    /** NFT_CTX_DEFAULT. */
    private static final int NFT_CTX_DEFAULT = 0;
    /** NFT_CTX_OUTPUT_HANDLE | NFT_CTX_OUTPUT_JSON. */
    private static final int OUTPUT_JSON = (1 << 4) | (1 << 3);

    /** Loaded on first use: a host without libnftables fails here, with a clear message, and only here. */
    private static final class Holder {
        static final LibNftables LIB = load();

        private static LibNftables load() {
            return LibraryLoader.create(LibNftables.class).failImmediately().load("nftables");
        }
    }

    private final LibNftables lib;
    private final Path namespace;
    private Pointer ctx;

    private Nftables(LibNftables lib, Pointer ctx, Path namespace) {
        this.lib = lib;
        this.ctx = ctx;
        this.namespace = namespace;
    }

    /** {@link #open()} for the network namespace of a namespace file ({@code /var/run/netns/NAME}). */
    public static Nftables open(Path namespaceFile) throws KernelException {
        Nftables n = NetNamespace.call(namespaceFile, Nftables::open);
        return new Nftables(n.lib, n.ctx, namespaceFile);
    }

    /**
     * Opens a context in the calling thread's network namespace, JSON output, output and errors buffered.
     *
     * @throws KernelException when libnftables (libnftables.so.1, Debian package libnftables1) cannot be loaded
     */
    public static Nftables open() throws KernelException {
        LibNftables lib;
        try {
            lib = Holder.LIB;
        } catch (LinkageError e) {
            throw new KernelException("libnftables", "cannot load libnftables.so.1 (install libnftables1): "
                    + e.getMessage());
        }
        Pointer ctx = lib.nft_ctx_new(NFT_CTX_DEFAULT);
        if (ctx == null) {
            throw new KernelException("libnftables", "nft_ctx_new failed");
        }
        lib.nft_ctx_output_set_flags(ctx, lib.nft_ctx_output_get_flags(ctx) | OUTPUT_JSON);
        lib.nft_ctx_buffer_output(ctx);
        lib.nft_ctx_buffer_error(ctx);
        return new Nftables(lib, ctx, null);
    }

    /** True when libnftables can be loaded on this host. */
    public static boolean available() {
        try {
            return Holder.LIB != null;
        } catch (LinkageError e) {
            return false;
        }
    }

    /**
     * Runs a buffer of commands (JSON, {@code {"nftables": [...]}}, or nft syntax) as one transaction.
     *
     * @param what names the change in an error ("apply 3 services")
     * @return what libnftables printed (JSON for list commands), possibly empty
     * @throws KernelException with libnftables' error text when the transaction was refused (nothing applied)
     */
    public synchronized String run(String what, String commands) throws KernelException {
        if (ctx == null) {
            throw new KernelException("nftables " + what, "context closed");
        }
        int rc = namespace == null ? lib.nft_run_cmd_from_buffer(ctx, commands)
                : NetNamespace.call(namespace, () -> lib.nft_run_cmd_from_buffer(ctx, commands));
        String out = lib.nft_ctx_get_output_buffer(ctx);
        String err = lib.nft_ctx_get_error_buffer(ctx);
        if (rc != 0) {
            throw new KernelException("nftables " + what, err == null || err.isBlank() ? "refused (rc " + rc + ")"
                    : err.strip());
        }
        return out == null ? "" : out;
    }

    @Override
    public synchronized void close() {
        if (ctx != null) {
            lib.nft_ctx_free(ctx);
            ctx = null;
        }
    }
}
