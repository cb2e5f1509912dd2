package dev.tolk.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DecodeStreamsTest {

    @Test
    void resultsComeBackInOrderFromParallelThreadsWithTheirOwnThreadCount() {
        try (DecodeStreams streams = DecodeStreams.of(2, 1)) {
            Set<String> threads = ConcurrentHashMap.newKeySet();
            CountDownLatch both = new CountDownLatch(2);
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                tasks.add(
                        () -> {
                            threads.add(Thread.currentThread().getName());
                            both.countDown();
                            // the first two run at once, or this waits in vain
                            assertThat(both.await(10, TimeUnit.SECONDS)).isTrue();
                            assertThat(JniUtils.getNumThreads()).isEqualTo(1);
                            return n * n;
                        });
            }
            assertThat(streams.runAll(tasks)).containsExactly(0, 1, 4, 9, 16, 25);
            assertThat(threads).hasSize(2).allMatch(name -> name.startsWith("decode-"));
        }
    }

    @Test
    void oneStreamRunsOnTheCallingThread() {
        DecodeStreams streams = DecodeStreams.single();
        String caller = Thread.currentThread().getName();
        List<Callable<String>> tasks = List.of(() -> Thread.currentThread().getName());
        assertThat(streams.runAll(tasks)).containsExactly(caller);
        assertThat(streams.streams()).isEqualTo(1);
    }

    @Test
    void aFailureIsThrownOnceEveryTaskHasEnded() {
        AtomicInteger finished = new AtomicInteger();
        try (DecodeStreams streams = DecodeStreams.of(2, 1)) {
            List<Callable<Integer>> tasks = new ArrayList<>();
            tasks.add(
                    () -> {
                        throw new IllegalArgumentException("sentence 3 is too long");
                    });
            for (int i = 0; i < 4; i++) {
                tasks.add(
                        () -> {
                            Thread.sleep(50);
                            return finished.incrementAndGet();
                        });
            }
            assertThatThrownBy(() -> streams.runAll(tasks))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("sentence 3 is too long");
            assertThat(finished).hasValue(4);
        }
    }

    @Test
    void theDefaultSharesTheCoresOnCpuAndUsesOneStreamOnGpu() {
        int cores = Runtime.getRuntime().availableProcessors();
        try (DecodeStreams cpu = DecodeStreams.forDevice(Device.cpu())) {
            assertThat(cpu.streams()).isEqualTo(Math.min(4, cores));
            if (cpu.streams() > 1) {
                assertThat(cpu.threadsPerStream()).isEqualTo(Math.max(1, cores / cpu.streams()));
            }
        }
        assertThat(DecodeStreams.forDevice(Device.gpu()).streams()).isEqualTo(1);
        try (DecodeStreams three = DecodeStreams.forDevice(Device.cpu(), 3)) {
            assertThat(three.streams()).isEqualTo(3);
            assertThat(three.threadsPerStream()).isEqualTo(Math.max(1, cores / 3));
        }
        assertThatThrownBy(() -> DecodeStreams.of(0, 1)).hasMessageContaining("must be at least 1");
    }
}
