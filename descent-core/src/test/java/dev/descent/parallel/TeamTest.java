package dev.descent.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The team runs every task once, on more than one thread, and survives nesting, contention and failure. */
class TeamTest {

    @RepeatedTest(20)
    void everyTaskRunsExactlyOnce() {
        for (int count : new int[] {0, 1, 2, 3, 7, 64, 1000}) {
            AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(1, count));
            Team.run(count, runs::incrementAndGet);
            for (int i = 0; i < count; i++) {
                assertThat(runs.get(i)).as("runs of task %d of %d", i, count).isEqualTo(1);
            }
        }
    }

    @Test
    void theHelpersTakeTasks() throws InterruptedException {
        assumeTrue(Team.threads() >= 2, "a team of one thread has no helpers");
        // each task waits until two threads have entered one: a team that ran its tasks on the caller
        // alone would time out here
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch two = new CountDownLatch(2);
        boolean[] met = new boolean[2];
        Team.run(2, i -> {
            if (threads.add(Thread.currentThread())) {
                two.countDown();
            }
            try {
                met[i] = two.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(met).containsExactly(true, true);
        assertThat(threads).hasSize(2);
    }

    @Test
    void aNestedRunAndConcurrentCallersRunEveryTask() throws InterruptedException {
        int callers = 4;
        int outer = 8;
        int inner = 50;
        AtomicIntegerArray runs = new AtomicIntegerArray(callers * outer * inner);
        Thread[] threads = new Thread[callers];
        for (int c = 0; c < callers; c++) {
            int caller = c;
            threads[c] = new Thread(() -> {
                for (int repeat = 0; repeat < 50; repeat++) {
                    Team.run(outer, o -> Team.run(inner, i -> runs.incrementAndGet((caller * outer + o) * inner + i)));
                }
            });
            threads[c].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        for (int i = 0; i < runs.length(); i++) {
            assertThat(runs.get(i)).as("runs of task %d", i).isEqualTo(50);
        }
    }

    @Test
    void aFailingTaskIsThrownToTheCallerAndTheTeamWorksOn() {
        assertThatThrownBy(() -> Team.run(16, i -> {
            if (i == 11) {
                throw new IllegalStateException("task 11 fails");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("task 11 fails");
        AtomicIntegerArray runs = new AtomicIntegerArray(16);
        Team.run(16, runs::incrementAndGet);
        for (int i = 0; i < 16; i++) {
            assertThat(runs.get(i)).isEqualTo(1);
        }
    }

    @Test
    void theThreadCountComesFromTheProcessorsOrTheProperty() {
        assertThat(Team.threadsFrom(null)).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(Team.threadsFrom(" 3 ")).isEqualTo(3);
        assertThatThrownBy(() -> Team.threadsFrom("0")).hasMessage(
                "system property descent.threads=0: expected a whole number >= 1");
        assertThatThrownBy(() -> Team.threadsFrom("two")).hasMessage(
                "system property descent.threads=two: expected a whole number >= 1");
        assertThatThrownBy(() -> Team.run(-1, i -> { })).hasMessageContaining("count -1 outside");
    }
}
