package io.vigil.core.loop;

import java.util.PriorityQueue;

/**
 * The timers of one loop, ordered by deadline and then by insertion, so that timers with the same deadline run in
 * the order they were scheduled. Not thread-safe: owned by one loop.
 */
final class TimerQueue {

    private final PriorityQueue<Entry> heap = new PriorityQueue<>();
    private long sequence;

    EventLoop.Timer add(long deadline, Runnable task) {
        Entry e = new Entry(deadline, sequence++, task);
        heap.add(e);
        return e;
    }

    /** The deadline of the earliest live timer, or {@link Long#MAX_VALUE}. */
    long nextDeadline() {
        purgeCancelled();
        Entry e = heap.peek();
        return e == null ? Long.MAX_VALUE : e.deadline;
    }

    /** Removes and returns the earliest live timer due at {@code now}, or {@code null}. */
    Runnable pollDue(long now) {
        purgeCancelled();
        Entry e = heap.peek();
        if (e == null || e.deadline - now > 0) {
            return null;
        }
        heap.poll();
        e.fired = true;
        return e.task;
    }

    int size() {
        return heap.size();
    }

    private void purgeCancelled() {
        while (!heap.isEmpty() && heap.peek().cancelled) {
            heap.poll();
        }
    }

    private static final class Entry implements EventLoop.Timer, Comparable<Entry> {
        final long deadline;
        final long seq;
        final Runnable task;
        boolean cancelled;
        boolean fired;

        Entry(long deadline, long seq, Runnable task) {
            this.deadline = deadline;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public void cancel() {
            if (!fired) {
                cancelled = true;
            }
        }

        @Override
        public long deadlineNanos() {
            return deadline;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(deadline - o.deadline, 0);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
