package io.vigil.healthcheck.it;

import io.vigil.healthcheck.engine.EnginePorts;
import io.vigil.kernel.nativ.NativeProcessControl;
import io.vigil.kernel.socket.PingSocketFactory;

/** The engine's kernel ports as the daemon wires them: ipvs-driver's implementations. */
public final class NativePorts {

    public static final EnginePorts PORTS = new EnginePorts(new PingSocketFactory(), NativeProcessControl.INSTANCE,
            NativeProcessControl.INSTANCE);

    private NativePorts() {
    }
}
