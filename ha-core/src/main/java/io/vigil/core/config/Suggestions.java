package io.vigil.core.config;

/** "Did you mean" hints: the known word closest to a mistyped one, when it is close enough to be a typo. */
public final class Suggestions {

    private Suggestions() {
    }

    /** Levenshtein distance, case-insensitive. */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /**
     * The closest of {@code known} to {@code word}, or {@code null} when none is close enough. Ties go to the longer
     * common prefix, then to the alphabetical order, so that the hint is always the same.
     */
    public static String suggest(String word, Iterable<String> known) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        int allowed = word.length() <= 4 ? 1 : word.length() <= 8 ? 2 : 3;
        for (String k : known) {
            if (Math.abs(k.length() - word.length()) > allowed) {
                continue;
            }
            int d = distance(word, k);
            if (d < bestD || (d == bestD && better(word, k, best))) {
                bestD = d;
                best = k;
            }
        }
        return best != null && bestD <= allowed ? best : null;
    }

    private static boolean better(String word, String candidate, String best) {
        int a = commonPrefix(word, candidate);
        int b = commonPrefix(word, best);
        return a != b ? a > b : candidate.compareTo(best) < 0;
    }

    private static int commonPrefix(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }
}
