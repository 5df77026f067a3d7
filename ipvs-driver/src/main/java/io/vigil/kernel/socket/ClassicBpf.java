package io.vigil.kernel.socket;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The classic BPF programs (SO_ATTACH_FILTER) vigil attaches, built as {@code struct sock_filter} arrays
 * ({@code u16 code, u8 jt, u8 jf, u32 k}, host order). Opcodes from {@code <linux/bpf_common.h>}, ancillary
 * offsets from {@code <linux/filter.h>}.
 */
public final class ClassicBpf {

    static final int BPF_LD_W_ABS = 0x20;   // BPF_LD | BPF_W | BPF_ABS
    static final int BPF_LD_B_ABS = 0x30;   // BPF_LD | BPF_B | BPF_ABS
    static final int BPF_JEQ_K = 0x15;      // BPF_JMP | BPF_JEQ | BPF_K
    static final int BPF_JGE_K = 0x35;      // BPF_JMP | BPF_JGE | BPF_K
    static final int BPF_RET_K = 0x06;      // BPF_RET | BPF_K
    /** SKF_AD_OFF + SKF_AD_PKTTYPE: loads skb->pkt_type. */
    static final int SKF_AD_PKTTYPE = -0x1000 + 4;
    /** PACKET_OUTGOING, {@code <linux/if_packet.h>}; PACKET_LOOPBACK (5) is above it. */
    static final int PACKET_OUTGOING = 4;
    /** Accept up to this many bytes of a packet (more than any IP packet). */
    static final int ACCEPT = 0x40000;

    private ClassicBpf() {
    }

    /**
     * For a SOCK_DGRAM packet socket (data starts at the IP header): accept packets of one IP protocol that this
     * host did not send; drop the rest in the kernel.
     *
     * <pre>
     * 0: ld  [pkttype]                  ; skb->pkt_type
     * 1: jge #PACKET_OUTGOING, 5, 2     ; sent by this host (outgoing or looped back): drop
     * 2: ldb [protocolOffset]           ; IPv4 protocol (9) / IPv6 next header (6)
     * 3: jeq #protocol, 4, 5
     * 4: ret #ACCEPT
     * 5: ret #0
     * </pre>
     */
    public static byte[] ipProtocol(int protocolOffset, int protocol) {
        return program(
                insn(BPF_LD_W_ABS, 0, 0, SKF_AD_PKTTYPE),
                insn(BPF_JGE_K, 3, 0, PACKET_OUTGOING),
                insn(BPF_LD_B_ABS, 0, 0, protocolOffset),
                insn(BPF_JEQ_K, 0, 1, protocol),
                insn(BPF_RET_K, 0, 0, ACCEPT),
                insn(BPF_RET_K, 0, 0, 0));
    }

    /** Drops everything: for sockets that only send, so their receive queue never fills. */
    public static byte[] dropAll() {
        return program(insn(BPF_RET_K, 0, 0, 0));
    }

    private static long[] insn(int code, int jt, int jf, int k) {
        return new long[] {code, jt, jf, k};
    }

    private static byte[] program(long[]... instructions) {
        ByteBuffer b = ByteBuffer.allocate(8 * instructions.length).order(ByteOrder.nativeOrder());
        for (long[] i : instructions) {
            b.putShort((short) i[0]).put((byte) i[1]).put((byte) i[2]).putInt((int) i[3]);
        }
        return b.array();
    }
}
