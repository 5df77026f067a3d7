package io.vigil.core.loop;

import java.util.ArrayDeque;

/**
 * A deterministic {@link EventLoop}: time moves only when the caller says so, and tasks run on the caller's
 * thread. No sleeps, no threads. Used by tests, and by the daemon to rehearse code paths without a kernel.
 */
public final class ManualEventLoop implements EventLoop {

    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final ArrayDeque<Runnable> idleTasks = new ArrayDeque<>();
    private final TimerQueue timers = new TimerQueue();
    private long now;

    public ManualEventLoop() {
        this(1_000_000_000L);
    }

    public ManualEventLoop(long startNanos) {
        this.now = startNanos;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    @Override
    public Timer schedule(long deadlineNanos, Runnable task) {
        return timers.add(deadlineNanos, task);
    }

    @Override
    public boolean inEventLoop() {
        return true;
    }

    @Override
    public void executeWhenIdle(Runnable task) {
        idleTasks.add(task);
    }

    /** Runs every queued task (and the tasks they queue), then the idle tasks, as the real loop does. */
    public void runPending() {
        while (true) {
            Runnable t;
            while ((t = tasks.poll()) != null) {
                t.run();
            }
            t = idleTasks.poll();
            if (t == null) {
                return;
            }
            t.run();
        }
    }

    /** Advances time by {@code nanos}, firing every timer due on the way, in deadline order. */
    public void advance(long nanos) {
        advanceTo(now + nanos);
    }

    /** Advances time to {@code deadline}, firing every timer due on the way, in deadline order. */
    public void advanceTo(long deadline) {
        runPending();
        while (true) {
            long next = timers.nextDeadline();
            if (next == Long.MAX_VALUE || next - deadline > 0) {
                break;
            }
            now = Math.max(now, next);
            // like the real loop: every timer due at this instant fires, then the queued tasks run
            Runnable r;
            while ((r = timers.pollDue(now)) != null) {
                r.run();
            }
            runPending();
        }
        now = Math.max(now, deadline);
        runPending();
    }

    /** The deadline of the next live timer, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        return timers.nextDeadline();
    }

    public int pendingTimers() {
        return timers.size();
    }
}
