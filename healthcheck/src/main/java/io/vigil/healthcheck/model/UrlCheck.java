package io.vigil.healthcheck.model;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One {@code url { ... }} block of {@code HTTP_GET}/{@code SSL_GET}: the path to request and what the answer must
 * satisfy (status code, MD5 {@code digest} of the body, {@code regex}).
 *
 * @param path {@code path}, starting with '/'
 * @param digest {@code digest}: lower-case hex MD5 of the body, or null
 * @param statusCodes {@code status_code}
 * @param virtualhost {@code virtualhost} (Host header and SNI), or null to inherit
 * @param regex {@code regex}, or null
 * @param regexNoMatch {@code regex_no_match}: a match fails the check
 * @param regexOptions {@code regex_options}: pcre2 names; caseless, multiline, dotall, extended, ucp, utf are
 *     honoured, the optimisation-only ones accepted and ignored
 * @param regexMinOffset {@code regex_min_offset}
 * @param regexMaxOffset {@code regex_max_offset}, or -1 for none
 */
public record UrlCheck(String path, String digest, StatusCodes statusCodes, String virtualhost, String regex,
        boolean regexNoMatch, Set<String> regexOptions, int regexMinOffset, int regexMaxOffset) {

    /** pcre2 option names that change what matches, and so are mapped to Java's flags. */
    private static final Set<String> MAPPED = Set.of("caseless", "multiline", "dotall", "extended", "ucp", "utf");
    /** pcre2 option names accepted but without effect here (optimisation or pcre2-specific syntax switches). */
    private static final Set<String> IGNORED = Set.of("allow_empty_class", "alt_bsux", "auto_callout",
            "dollar_endonly", "dupnames", "firstline", "match_unset_backref", "never_ucp", "never_utf",
            "no_auto_capture", "no_auto_possess", "no_dotstar_anchor", "no_start_optimize", "ungreedy",
            "never_backslash_c", "alt_circumflex", "alt_verbnames", "use_offset_limit");

    public UrlCheck {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("url path must start with '/' and contain no space or control"
                    + " character: '" + path + "'");
        }
        if (digest != null) {
            digest = digest.toLowerCase(Locale.ROOT);
            if (!digest.matches("[0-9a-f]{32}")) {
                throw new IllegalArgumentException("digest must be 32 hex digits (an MD5): " + digest);
            }
        }
        Objects.requireNonNull(statusCodes, "statusCodes");
        regexOptions = Set.copyOf(regexOptions);
        for (String o : regexOptions) {
            if (!MAPPED.contains(o) && !IGNORED.contains(o)) {
                throw new IllegalArgumentException("unknown regex_options '" + o + "'");
            }
        }
        if (regexMinOffset < 0 || (regexMaxOffset >= 0 && regexMaxOffset < regexMinOffset)) {
            throw new IllegalArgumentException("invalid regex offsets " + regexMinOffset + ".." + regexMaxOffset);
        }
        if (regex != null) {
            compile(regex, regexOptions); // a bad pattern is a config error, not a failed check
        }
    }

    /** A url with only a path and keepalived's default status codes. */
    public static UrlCheck of(String path) {
        return new UrlCheck(path, null, StatusCodes.DEFAULT, null, null, false, Set.of(), 0, -1);
    }

    public UrlCheck withDigest(String md5Hex) {
        return new UrlCheck(path, md5Hex, statusCodes, virtualhost, regex, regexNoMatch, regexOptions,
                regexMinOffset, regexMaxOffset);
    }

    public UrlCheck withStatusCodes(StatusCodes codes) {
        return new UrlCheck(path, digest, codes, virtualhost, regex, regexNoMatch, regexOptions, regexMinOffset,
                regexMaxOffset);
    }

    public UrlCheck withVirtualhost(String host) {
        return new UrlCheck(path, digest, statusCodes, host, regex, regexNoMatch, regexOptions, regexMinOffset,
                regexMaxOffset);
    }

    public UrlCheck withRegex(String pattern, boolean noMatch, Set<String> options) {
        return new UrlCheck(path, digest, statusCodes, virtualhost, pattern, noMatch, options, regexMinOffset,
                regexMaxOffset);
    }

    /** True when the body must be read to the end (digest or regex). */
    public boolean needsBody() {
        return digest != null || regex != null;
    }

    /** The compiled {@code regex}, or null. */
    public Pattern compiledRegex() {
        return regex == null ? null : compile(regex, regexOptions);
    }

    public byte[] digestBytes() {
        return digest == null ? null : HexFormat.of().parseHex(digest);
    }

    private static Pattern compile(String regex, Set<String> options) {
        int flags = 0;
        for (String o : options) {
            flags |= switch (o) {
                case "caseless" -> Pattern.CASE_INSENSITIVE;
                case "multiline" -> Pattern.MULTILINE;
                case "dotall" -> Pattern.DOTALL;
                case "extended" -> Pattern.COMMENTS;
                case "ucp", "utf" -> Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNICODE_CASE;
                default -> 0;
            };
        }
        return Pattern.compile(regex, flags);
    }
}
