package io.vigil.core.loop;

import java.util.concurrent.Executor;

/**
 * A single thread that runs tasks and timers in order. Every piece of mutable runtime state (VRRP instances,
 * checker state) is confined to one loop, so none of it needs locks. Time is {@link #nanoTime()}: monotonic
 * nanoseconds, never wall-clock time.
 */
public interface EventLoop extends Executor {

    /** The loop's monotonic clock, in nanoseconds. */
    long nanoTime();

    /** Runs the task on the loop, after the tasks already queued. Safe from any thread. */
    @Override
    void execute(Runnable task);

    /**
     * Runs the task on the loop when nothing more urgent is due: after the queued tasks, and only while no timer
     * is due. For work that must not delay a timer (logging and notifying a transition). Safe from any thread.
     */
    default void executeWhenIdle(Runnable task) {
        execute(task);
    }

    /**
     * Runs the task on the loop at (not before) {@code deadlineNanos} of {@link #nanoTime()}. Call from the loop.
     *
     * @return a handle to cancel it
     */
    Timer schedule(long deadlineNanos, Runnable task);

    /** True when called from the loop's own thread. */
    boolean inEventLoop();

    /** A scheduled task. */
    interface Timer {
        /** Cancels the task if it has not run; harmless afterwards. */
        void cancel();

        long deadlineNanos();

        boolean isCancelled();
    }
}
