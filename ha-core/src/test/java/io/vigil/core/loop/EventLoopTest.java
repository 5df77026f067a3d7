package io.vigil.core.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventLoopTest {

    @Test
    void manualLoopFiresTimersInDeadlineThenInsertionOrderAndSkipsCancelled() {
        ManualEventLoop loop = new ManualEventLoop(0);
        List<String> fired = new ArrayList<>();
        loop.schedule(30, () -> fired.add("c"));
        loop.schedule(10, () -> fired.add("a1"));
        loop.schedule(10, () -> fired.add("a2"));
        EventLoop.Timer cancelled = loop.schedule(20, () -> fired.add("cancelled"));
        loop.schedule(20, () -> {
            fired.add("b");
            loop.schedule(25, () -> fired.add("b-child"));
        });
        cancelled.cancel();
        loop.advanceTo(29);
        assertThat(fired).containsExactly("a1", "a2", "b", "b-child");
        assertThat(loop.nanoTime()).isEqualTo(29);
        loop.advance(1);
        assertThat(fired).endsWith("c");
    }

    @Test
    void timersSeeTheirOwnDeadlineAsNow() {
        ManualEventLoop loop = new ManualEventLoop(0);
        List<Long> seen = new ArrayList<>();
        loop.schedule(7, () -> seen.add(loop.nanoTime()));
        loop.schedule(9, () -> seen.add(loop.nanoTime()));
        loop.advance(100);
        assertThat(seen).containsExactly(7L, 9L);
    }

    @Test
    void realLoopRunsTasksFromOtherThreadsAndFiresTimersNotBeforeTheirDeadline() throws Exception {
        try (SingleThreadEventLoop loop = new SingleThreadEventLoop("test-loop")) {
            CopyOnWriteArrayList<Long> lateness = new CopyOnWriteArrayList<>();
            AtomicLong ran = new AtomicLong();
            loop.execute(() -> {
                for (int i = 1; i <= 20; i++) {
                    long deadline = loop.nanoTime() + i * 2_000_000L;
                    loop.schedule(deadline, () -> lateness.add(loop.nanoTime() - deadline));
                }
            });
            for (int i = 0; i < 1000; i++) {
                loop.execute(ran::incrementAndGet);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> lateness.size() == 20 && ran.get() == 1000);
            assertThat(lateness).allSatisfy(l -> assertThat(l).isNotNegative());
            assertThat(loop.call(() -> loop.inEventLoop(), 5, TimeUnit.SECONDS)).isTrue();
            assertThat(loop.inEventLoop()).isFalse();
        }
    }

    @Test
    void aFailingTaskIsCountedAndTheLoopGoesOn() throws Exception {
        try (SingleThreadEventLoop loop = new SingleThreadEventLoop("test-loop-2")) {
            loop.execute(() -> {
                throw new IllegalStateException("boom (expected by the test)");
            });
            assertThat(loop.call(() -> 42, 5, TimeUnit.SECONDS)).isEqualTo(42);
            assertThat(loop.taskFailures()).isEqualTo(1);
        }
    }
}
