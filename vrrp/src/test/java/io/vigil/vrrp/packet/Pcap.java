package io.vigil.vrrp.packet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes Ethernet frames to a classic libpcap file (big-endian, microsecond timestamps), for tshark. */
final class Pcap {

    private static final int LINKTYPE_ETHERNET = 1;

    private Pcap() {
    }

    static void write(Path file, List<byte[]> frames) throws IOException {
        int size = 24;
        for (byte[] f : frames) {
            size += 16 + f.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
                .putInt(LINKTYPE_ETHERNET);
        int seconds = 1_700_000_000;
        for (byte[] f : frames) {
            b.putInt(seconds++).putInt(0).putInt(f.length).putInt(f.length).put(f);
        }
        Files.write(file, b.array());
    }
}
