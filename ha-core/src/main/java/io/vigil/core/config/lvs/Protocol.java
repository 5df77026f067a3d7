package io.vigil.core.config.lvs;

/** The L4 protocol of a virtual service ({@code protocol}). */
public enum Protocol {
    TCP(6), UDP(17), SCTP(132);

    private final int number;

    Protocol(int number) {
        this.number = number;
    }

    /** The IP protocol number. */
    public int number() {
        return number;
    }
}
