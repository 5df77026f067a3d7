package io.vigil.core.loop;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link EventLoop}: one platform thread, a lock-free task queue fed from any thread, and a timer
 * heap. It sleeps with {@link LockSupport#parkNanos} until the next deadline, so timers fire within the kernel's
 * timer slack (tens of microseconds), not rounded to a tick. Every timer due runs before the queued tasks (up to
 * 1024 at a time), so work that timers queue for the end of the turn (a kernel batch) covers all of them. A task
 * that throws is logged and the loop goes on.
 */
public final class SingleThreadEventLoop implements EventLoop, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SingleThreadEventLoop.class);

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Runnable> idleTasks = new ConcurrentLinkedQueue<>();
    private final TimerQueue timers = new TimerQueue();
    private final Thread thread;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean parked;
    private long taskFailures;

    public SingleThreadEventLoop(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void execute(Runnable task) {
        if (!running) {
            throw new IllegalStateException("event loop " + thread.getName() + " is shut down");
        }
        tasks.add(task);
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void executeWhenIdle(Runnable task) {
        if (!running) {
            throw new IllegalStateException("event loop " + thread.getName() + " is shut down");
        }
        idleTasks.add(task);
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public Timer schedule(long deadlineNanos, Runnable task) {
        if (!inEventLoop()) {
            throw new IllegalStateException("schedule() must be called from the event loop");
        }
        return timers.add(deadlineNanos, task);
    }

    @Override
    public boolean inEventLoop() {
        return Thread.currentThread() == thread;
    }

    /** Tasks that threw since the start (each was logged). */
    public long taskFailures() {
        return taskFailures;
    }

    private void run() {
        try {
            while (running) {
                runTasks();
                long now = System.nanoTime();
                Runnable due;
                int fired = 0;
                while ((due = timers.pollDue(now)) != null) {
                    safeRun(due);
                    if (++fired % 1024 == 0) {
                        runTasks();
                    }
                }
                if (!tasks.isEmpty()) {
                    continue;
                }
                if (runIdleTasks()) {
                    continue;
                }
                long next = timers.nextDeadline();
                parked = true;
                if (tasks.isEmpty() && idleTasks.isEmpty() && running) {
                    if (next == Long.MAX_VALUE) {
                        LockSupport.park(this);
                    } else {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(this, wait);
                        }
                    }
                }
                parked = false;
            }
            runTasks();
            Runnable t;
            while ((t = idleTasks.poll()) != null) {
                safeRun(t);
            }
        } finally {
            terminated.countDown();
        }
    }

    /**
     * Runs idle tasks while no timer is due and no task is queued.
     *
     * @return true when it stopped because something more urgent came up
     */
    private boolean runIdleTasks() {
        Runnable t;
        while ((t = idleTasks.peek()) != null) {
            if (!tasks.isEmpty() || timers.nextDeadline() - System.nanoTime() <= 0) {
                return true;
            }
            idleTasks.poll();
            safeRun(t);
        }
        return false;
    }

    private void runTasks() {
        Runnable t;
        while ((t = tasks.poll()) != null) {
            safeRun(t);
        }
    }

    private void safeRun(Runnable r) {
        try {
            r.run();
        } catch (Throwable e) {
            taskFailures++;
            LOG.error("task failed on event loop {}", thread.getName(), e);
            if (e instanceof Error err && !(e instanceof AssertionError)) {
                throw err;
            }
        }
    }

    /** Runs {@code action} on the loop and waits for it; for start-up and shutdown paths, never from the loop. */
    public <T> T call(java.util.concurrent.Callable<T> action, long timeout, TimeUnit unit) throws Exception {
        if (inEventLoop()) {
            return action.call();
        }
        java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
        execute(() -> {
            try {
                f.complete(action.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(timeout, unit);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /** Stops after the queued tasks have run; pending timers are dropped. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        if (!inEventLoop()) {
            try {
                terminated.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
