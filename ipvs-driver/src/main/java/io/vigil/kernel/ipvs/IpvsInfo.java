package io.vigil.kernel.ipvs;

/** IPVS_CMD_GET_INFO: the IPVS version (0x010201 is 1.2.1) and the size of the connection hash table. */
public record IpvsInfo(int version, int connectionTableSize) {

    /** {@code 1.2.1}. */
    public String versionString() {
        return ((version >> 16) & 0xff) + "." + ((version >> 8) & 0xff) + "." + (version & 0xff);
    }
}
