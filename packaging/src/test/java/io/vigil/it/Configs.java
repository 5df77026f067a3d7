package io.vigil.it;

import java.util.Arrays;
import java.util.stream.Collectors;

/** keepalived-syntax pieces the namespace tests share. */
final class Configs {

    private Configs() {
    }

    /**
     * A VRRPv3 instance {@code VI_1}, VRID 51, on eth0, starting as BACKUP, adverts every 100 ms.
     *
     * @param extra lines inside the block (options such as {@code nopreempt}), may be empty
     * @param vips  the {@code virtual_ipaddress} lines ("192.0.2.100/24")
     */
    static String instance(int priority, String extra, String... vips) {
        return instance("VI_1", 51, 3, priority, "advert_int 0.1\n" + extra, vips);
    }

    /** A VRRP instance on eth0 starting as BACKUP; {@code extra} carries its timing and options. */
    static String instance(String name, int vrid, int version, int priority, String extra, String... vips) {
        String addresses = Arrays.stream(vips).map(v -> "    " + v).collect(Collectors.joining("\n"));
        return """
                vrrp_instance %s {
                  state BACKUP
                  interface eth0
                  virtual_router_id %d
                  version %d
                  priority %d
                %s
                  virtual_ipaddress {
                %s
                  }
                }
                """.formatted(name, vrid, version, priority, extra.indent(2).stripTrailing(), addresses);
    }
}
