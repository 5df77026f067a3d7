package io.vigil.healthcheck.probe;

import io.vigil.healthcheck.codec.HttpResponseReader;
import io.vigil.healthcheck.codec.HttpVerdict;
import io.vigil.healthcheck.model.UrlCheck;
import io.vigil.healthcheck.state.ProbeResult;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** One url of HTTP_GET/SSL_GET: sends the GET, reads the bounded response, judges it. */
final class HttpConversation implements Conversation {

    private static final int MAX_HEAD = 16 * 1024;
    private static final int MAX_REGEX_WINDOW = 64 * 1024;

    private final UrlCheck url;
    private final byte[] request;
    private final Pattern pattern;
    private final HttpResponseReader reader;

    /**
     * @param request the request to send ({@link HttpVerdict#request}), made once per checker
     */
    HttpConversation(UrlCheck url, byte[] request, Pattern pattern, int maxBodyBytes) {
        this.url = url;
        this.pattern = pattern;
        this.request = request;
        int retain = pattern == null ? 0 : Math.min(maxBodyBytes, url.regexMaxOffset() >= 0
                ? url.regexMaxOffset() + MAX_REGEX_WINDOW : maxBodyBytes);
        this.reader = new HttpResponseReader(MAX_HEAD, maxBodyBytes, url.needsBody(), retain);
    }

    @Override
    public byte[] opening() {
        return request;
    }

    @Override
    public ProbeResult onData(byte[] data, int off, int len, Consumer<byte[]> out) {
        HttpResponseReader.Progress p = reader.feed(data, off, len);
        return p == HttpResponseReader.Progress.NEED_MORE ? null : HttpVerdict.judge(url, reader, pattern);
    }

    @Override
    public ProbeResult onEof() {
        reader.eof();
        return HttpVerdict.judge(url, reader, pattern);
    }

    @Override
    public String waitingFor() {
        return reader.status() < 0 ? "the status line of " + url.path()
                : "the rest of the response to " + url.path() + " (" + reader.bodyBytes() + " body bytes so far)";
    }
}
