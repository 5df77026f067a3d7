package io.vigil.healthcheck.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.state.ProbeResult;
import io.vigil.healthcheck.state.Reason;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void nettysNativeMessagesAreShortenedToTheErrorItself() {
        ProbeResult r = Failures.classify(new ConnectException(
                "finishConnect(..) failed with error(-111): Connection refused: /198.51.100.12:8080"), "connect");
        assertThat(r.reason()).isEqualTo(Reason.REFUSED);
        assertThat(r.detail()).isEqualTo("connect: Connection refused");
        ProbeResult v6 = Failures.classify(new NoRouteToHostException(
                "connect(..) failed: No route to host: /2001:db8::5:80"), "connect");
        assertThat(v6.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(v6.detail()).isEqualTo("connect: No route to host");
        assertThat(Failures.classify(new ConnectException("Connection refused"), "connect").detail())
                .isEqualTo("connect: Connection refused");
    }
}
