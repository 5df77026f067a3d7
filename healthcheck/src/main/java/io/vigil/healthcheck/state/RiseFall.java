package io.vigil.healthcheck.state;

/**
 * The rise/fall filter of a {@code vrrp_script}: {@code rise} consecutive successes make a KO script OK,
 * {@code fall} consecutive failures make an OK script KO; a result of the other kind restarts the count.
 *
 * @param ok the filtered state
 * @param streak consecutive raw results opposite to {@code ok}
 */
public record RiseFall(boolean ok, int streak) {

    /** The start state: OK, or KO with {@code init_fail}. */
    public static RiseFall initial(boolean initFail) {
        return new RiseFall(!initFail, 0);
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
