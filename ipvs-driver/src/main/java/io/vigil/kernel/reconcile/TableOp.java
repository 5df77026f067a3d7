package io.vigil.kernel.reconcile;

import io.vigil.core.port.ApplyResult.Change;
import io.vigil.core.port.ApplyResult.Kind;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.VirtualService;

/** One change of a forwarding table, as the {@link Reconciler} plans it and a datapath sends it. */
public sealed interface TableOp {

    /** The service it is about. */
    ServiceKey key();

    /** The change as reported in an {@link io.vigil.core.port.ApplyResult}. */
    Change change();

    /** Adds a service with its settings (its real servers are separate {@link AddServer} operations). */
    record AddService(VirtualService service) implements TableOp {
        public ServiceKey key() {
            return service.key();
        }

        public Change change() {
            return new Change(Kind.ADD_SERVICE, service.key() + " " + service.scheduler());
        }
    }

    /** Changes a service's settings (scheduler, flags, persistence); its real servers stay. */
    record EditService(VirtualService service) implements TableOp {
        public ServiceKey key() {
            return service.key();
        }

        public Change change() {
            return new Change(Kind.EDIT_SERVICE, service.key() + " " + service.scheduler());
        }
    }

    /** Deletes a service and, with it, its real servers. */
    record DeleteService(ServiceKey key) implements TableOp {
        public Change change() {
            return new Change(Kind.DELETE_SERVICE, key.toString());
        }
    }

    record AddServer(ServiceKey key, RealServer server) implements TableOp {
        public Change change() {
            return new Change(Kind.ADD_REAL_SERVER, key + " -> " + server);
        }
    }

    record EditServer(ServiceKey key, RealServer server) implements TableOp {
        public Change change() {
            return new Change(Kind.EDIT_REAL_SERVER, key + " -> " + server);
        }
    }

    record DeleteServer(ServiceKey key, RealServer server) implements TableOp {
        public Change change() {
            return new Change(Kind.DELETE_REAL_SERVER, key + " -> " + ServiceKey.endpoint(server.address(),
                    server.port()));
        }
    }
}
