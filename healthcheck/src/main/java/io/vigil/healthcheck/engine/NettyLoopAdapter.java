package io.vigil.healthcheck.engine;

import io.vigil.core.loop.EventLoop;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * ha-core's {@link EventLoop} over a Netty event loop, so the scheduler written (and tested) against ha-core's
 * abstraction runs on the same thread as the probes' channels: no hand-off, no lock.
 */
final class NettyLoopAdapter implements EventLoop {

    private final io.netty.channel.EventLoop netty;

    NettyLoopAdapter(io.netty.channel.EventLoop netty) {
        this.netty = netty;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void execute(Runnable task) {
        netty.execute(task);
    }

    @Override
    public Timer schedule(long deadlineNanos, Runnable task) {
        ScheduledFuture<?> f = netty.schedule(task, Math.max(0, deadlineNanos - System.nanoTime()),
                TimeUnit.NANOSECONDS);
        return new Timer() {
            @Override
            public void cancel() {
                f.cancel(false);
            }

            @Override
            public long deadlineNanos() {
                return deadlineNanos;
            }

            @Override
            public boolean isCancelled() {
                return f.isCancelled();
            }
        };
    }

    @Override
    public boolean inEventLoop() {
        return netty.inEventLoop();
    }
}
