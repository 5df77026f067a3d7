package io.vigil.healthcheck.probe;

import io.vigil.healthcheck.state.ProbeResult;

/**
 * The application part of a TCP (or TLS) probe: what to send once connected, and how to judge what comes back.
 * Implementations bound what they keep; the caller hands them bytes and releases its buffers.
 */
interface Conversation {

    /** Bytes to send as soon as the connection (and TLS handshake) is up, or null. */
    byte[] opening();

    /**
     * Consumes received bytes.
     *
     * @param out sends bytes back to the server
     * @return the result when the exchange is over, else null
     */
    ProbeResult onData(byte[] data, int off, int len, java.util.function.Consumer<byte[]> out);

    /** The server closed the connection before {@link #onData} returned a result. */
    ProbeResult onEof();

    /** What the exchange waits for, for a timeout's detail ("the status line", "HELO reply"). */
    String waitingFor();
}
