package io.vigil.healthcheck.state;

/**
 * The rise/fall filter of a {@code vrrp_script}: {@code rise} consecutive successes make a KO script OK,
 * {@code fall} consecutive failures make an OK script KO; a result of the other kind restarts the count. As in
 * keepalived, the first result of a script without {@code init_fail} decides at once (one success is OK, one
 * failure KO); with {@code init_fail} the script starts KO and needs {@code rise} successes.
 *
 * @param ok the filtered state
 * @param streak consecutive raw results opposite to {@code ok}
 */
public record RiseFall(boolean ok, int streak) {

    /**
     * The start state: KO with {@code init_fail}; otherwise OK with all but one of the {@code fall} failures
     * already counted, so that the first result decides either way.
     */
    public static RiseFall initial(boolean initFail, int fall) {
        if (fall < 1) {
            throw new IllegalArgumentException("fall must be >= 1");
        }
        return initFail ? new RiseFall(false, 0) : new RiseFall(true, fall - 1);
    }

    /** Applies one raw result. */
    public RiseFall next(boolean success, int rise, int fall) {
        if (success == ok) {
            return streak == 0 ? this : new RiseFall(ok, 0);
        }
        int n = streak + 1;
        return n >= (ok ? fall : rise) ? new RiseFall(!ok, 0) : new RiseFall(ok, n);
    }
}
