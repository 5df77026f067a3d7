package io.vigil.healthcheck.probe;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vigil.healthcheck.engine.Probe;
import io.vigil.healthcheck.state.ProbeResult;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * What TCP and UDP attempts share: one channel, one timer, one report. {@link #finish} reports at most once and
 * closes everything; {@link #cancel} closes without reporting.
 */
abstract class ChannelAttempt extends ChannelInboundHandlerAdapter implements Probe.Attempt {

    private final Consumer<ProbeResult> done;
    Channel channel;
    ScheduledFuture<?> timer;
    boolean finished;

    ChannelAttempt(Consumer<ProbeResult> done) {
        this.done = done;
    }

    final void finish(ProbeResult r) {
        if (!finished) {
            cancel();
            done.accept(r);
        }
    }

    @Override
    public final void cancel() {
        finished = true;
        if (timer != null) {
            timer.cancel(false);
        }
        if (channel != null) {
            channel.close();
        }
    }
}
