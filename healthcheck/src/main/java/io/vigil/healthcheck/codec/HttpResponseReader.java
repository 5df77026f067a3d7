package io.vigil.healthcheck.codec;

import io.vigil.healthcheck.state.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * An incremental, bounded reader of one HTTP/1.x response. It keeps no more than the current line (bounded by
 * {@code maxHeaderBytes} for the whole head) and the first {@code retainBodyBytes} of the body; the body's MD5 is
 * computed as it streams (keepalived's {@code digest}), so an endless or huge body costs no memory and ends with
 * {@link Reason#RESPONSE_TOO_LARGE} once {@code maxBodyBytes} is passed. Handles Content-Length, chunked and
 * read-until-close bodies, and skips 1xx interim responses.
 */
public final class HttpResponseReader {

    /** Where the reader stands after some input. */
    public enum Progress { NEED_MORE, COMPLETE, FAILED }

    private enum State { STATUS, HEADERS, BODY_LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, BODY_EOF, DONE }

    private static final int MAX_CHUNK_LINE = 1024;

    private final int maxHeaderBytes;
    private final long maxBodyBytes;
    private final boolean needBody;
    private final byte[] retained;
    private final MessageDigest md5;
    private final StringBuilder line = new StringBuilder();
    private State state = State.STATUS;
    private int headBytes;
    private int status = -1;
    private String statusLine;
    private long contentLength = -1;
    private boolean chunked;
    private long remaining;
    private long bodyBytes;
    private int retainedLength;
    private Reason failReason;
    private String failDetail;

    /**
     * @param maxHeaderBytes bound on the status line and headers together
     * @param maxBodyBytes bound on the body (when it is read)
     * @param needBody read the body (digest or regex); otherwise the response is complete after its headers
     * @param retainBodyBytes how much of the body to keep for a regex (0 for none)
     */
    public HttpResponseReader(int maxHeaderBytes, long maxBodyBytes, boolean needBody, int retainBodyBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.needBody = needBody;
        this.retained = new byte[retainBodyBytes];
        // the digest only when the body is read: a plain status check creates none
        this.md5 = needBody ? newMd5() : null;
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }

    /** Consumes {@code len} bytes at {@code off}. After COMPLETE or FAILED further input is ignored. */
    public Progress feed(byte[] data, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end && state != State.DONE && failReason == null) {
            switch (state) {
                case STATUS, HEADERS, TRAILERS -> i = headLine(data, i, end);
                case CHUNK_SIZE, CHUNK_END -> i = chunkLine(data, i, end);
                case BODY_LENGTH, CHUNK_DATA -> {
                    int n = (int) Math.min(end - i, remaining);
                    body(data, i, n);
                    i += n;
                    remaining -= n;
                    if (remaining == 0 && failReason == null) {
                        state = state == State.BODY_LENGTH ? State.DONE : State.CHUNK_END;
                    }
                }
                case BODY_EOF -> {
                    body(data, i, end - i);
                    i = end;
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return progress();
    }

    /** The server closed the connection. */
    public Progress eof() {
        if (failReason == null && state != State.DONE) {
            switch (state) {
                case BODY_EOF -> state = State.DONE;
                case STATUS -> fail(Reason.CLOSED, status < 0 && headBytes == 0
                        ? "closed without a response" : "closed in the status line");
                case HEADERS -> fail(Reason.CLOSED, "closed in the headers");
                default -> fail(Reason.CLOSED, "closed after " + bodyBytes + " body bytes"
                        + (contentLength >= 0 ? " of " + contentLength : " (chunked body unfinished)"));
            }
        }
        return progress();
    }

    public Progress progress() {
        return failReason != null ? Progress.FAILED : state == State.DONE ? Progress.COMPLETE : Progress.NEED_MORE;
    }

    public int status() {
        return status;
    }

    public String statusLine() {
        return statusLine;
    }

    public long bodyBytes() {
        return bodyBytes;
    }

    /** The MD5 of the body read so far (call once, when COMPLETE). */
    public byte[] digest() {
        return md5 != null ? md5.digest() : newMd5().digest();
    }

    /** The retained start of the body, decoded byte for byte (ISO-8859-1) so any regex sees every byte. */
    public String retainedBody() {
        return new String(retained, 0, retainedLength, StandardCharsets.ISO_8859_1);
    }

    public Reason failReason() {
        return failReason;
    }

    public String failDetail() {
        return failDetail;
    }

    private void body(byte[] data, int off, int n) {
        if (n <= 0) {
            return;
        }
        if (bodyBytes + n > maxBodyBytes) {
            fail(Reason.RESPONSE_TOO_LARGE, "body larger than " + maxBodyBytes + " bytes");
            return;
        }
        if (md5 != null) {
            md5.update(data, off, n);
        }
        int keep = Math.min(n, retained.length - retainedLength);
        if (keep > 0) {
            System.arraycopy(data, off, retained, retainedLength, keep);
            retainedLength += keep;
        }
        bodyBytes += n;
    }

    /** Reads head bytes up to a line end; returns the new offset. */
    private int headLine(byte[] data, int i, int end) {
        while (i < end) {
            byte b = data[i++];
            if (++headBytes > maxHeaderBytes) {
                fail(Reason.RESPONSE_TOO_LARGE, "status line and headers longer than " + maxHeaderBytes + " bytes");
                return end;
            }
            if (b == '\n') {
                onHeadLine(takeLine());
                return i;
            }
            if (b == 0) {
                fail(Reason.MALFORMED, "NUL byte in the response head");
                return end;
            }
            line.append((char) (b & 0xff));
        }
        return i;
    }

    private void onHeadLine(String s) {
        if (state == State.STATUS) {
            if (s.isEmpty() && status < 0 && headBytes <= 2) {
                return; // tolerate a stray empty line before the status line
            }
            if (!s.matches("HTTP/\\d\\.\\d \\d{3}( .*)?")) {
                fail(Reason.MALFORMED, "not an HTTP status line: '" + printable(s) + "'");
                return;
            }
            status = Integer.parseInt(s.substring(9, 12));
            statusLine = s;
            state = State.HEADERS;
            return;
        }
        if (state == State.TRAILERS) {
            if (s.isEmpty()) {
                state = State.DONE;
            }
            return;
        }
        if (!s.isEmpty()) {
            int colon = s.indexOf(':');
            if (colon <= 0) {
                fail(Reason.MALFORMED, "bad header line: '" + printable(s) + "'");
                return;
            }
            String name = s.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = s.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                try {
                    contentLength = Long.parseLong(value);
                    if (contentLength < 0) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    fail(Reason.MALFORMED, "bad Content-Length '" + printable(value) + "'");
                }
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
            return;
        }
        // end of the head
        if (status >= 100 && status < 200) {
            state = State.STATUS; // interim response: the real one follows
            status = -1;
            contentLength = -1;
            chunked = false;
            return;
        }
        if (!needBody || status == 204 || status == 304) {
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
            if (contentLength > maxBodyBytes) {
                fail(Reason.RESPONSE_TOO_LARGE, "Content-Length " + contentLength + " exceeds " + maxBodyBytes);
                return;
            }
            remaining = contentLength;
            state = contentLength == 0 ? State.DONE : State.BODY_LENGTH;
        } else {
            state = State.BODY_EOF;
        }
    }

    private int chunkLine(byte[] data, int i, int end) {
        while (i < end) {
            byte b = data[i++];
            if (b == '\n') {
                String s = takeLine();
                if (state == State.CHUNK_END) {
                    if (!s.isEmpty()) {
                        fail(Reason.MALFORMED, "chunk not followed by CRLF");
                    } else {
                        state = State.CHUNK_SIZE;
                    }
                    return i;
                }
                int semi = s.indexOf(';');
                String hex = (semi >= 0 ? s.substring(0, semi) : s).trim();
                long size;
                try {
                    if (hex.isEmpty() || hex.length() > 15) {
                        throw new NumberFormatException();
                    }
                    size = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    fail(Reason.MALFORMED, "bad chunk size '" + printable(s) + "'");
                    return end;
                }
                if (size == 0) {
                    state = State.TRAILERS;
                } else {
                    remaining = size;
                    state = State.CHUNK_DATA;
                }
                return i;
            }
            if (line.length() >= MAX_CHUNK_LINE) {
                fail(Reason.RESPONSE_TOO_LARGE, "chunk-size line longer than " + MAX_CHUNK_LINE + " bytes");
                return end;
            }
            line.append((char) (b & 0xff));
        }
        return i;
    }

    /** The line read so far, without its CR, and a fresh line. */
    private String takeLine() {
        int l = line.length();
        if (l > 0 && line.charAt(l - 1) == '\r') {
            line.setLength(l - 1);
        }
        String s = line.toString();
        line.setLength(0);
        return s;
    }

    private void fail(Reason r, String detail) {
        if (failReason == null) {
            failReason = r;
            failDetail = detail;
        }
    }

    /** At most 80 characters, control characters shown as '?', for details. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char c = s.charAt(i);
            b.append(c < ' ' || c > '~' ? '?' : c);
        }
        return s.length() > 80 ? b + "..." : b.toString();
    }
}
