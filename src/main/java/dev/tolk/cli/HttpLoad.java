package dev.tolk.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load {@code bench http} sends: closed-loop clients (each sends its next sentence when the
 * last was answered) and open-loop arrivals at a fixed rate (requests keep coming whatever the
 * answers, as an overloaded service sees them). Every answer's status and latency is kept.
 */
final class HttpLoad {

    /** One answer: HTTP status (0: no answer) and latency. */
    record Outcome(int status, long nanos) {}

    private final HttpClient client;
    private final URI url;
    private final int beam;
    private final String apiKey;

    HttpLoad(URI url, int beam, String apiKey) {
        this.client =
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .executor(Executors.newCachedThreadPool())
                        .build();
        this.url = url;
        this.beam = beam;
        this.apiKey = apiKey;
    }

    private HttpRequest request(String text) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", text);
        body.put("beamSize", beam);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(url.resolve("/translate"))
                        .timeout(Duration.ofSeconds(300))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JsonLine.of(body)));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return request.build();
    }

    /** Sends one sentence and waits for the answer. */
    Outcome send(String text) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> response =
                    client.send(request(text), HttpResponse.BodyHandlers.ofString());
            return new Outcome(response.statusCode(), System.nanoTime() - t0);
        } catch (Exception e) {
            return new Outcome(0, System.nanoTime() - t0);
        }
    }

    /**
     * {@code clients} closed-loop clients cycling through {@code lines} until {@code total}
     * requests were sent or {@code seconds} passed (0: no time limit).
     */
    List<Outcome> closedLoop(List<String> lines, int clients, int total, double seconds)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        long end = seconds > 0 ? System.nanoTime() + (long) (seconds * 1e9) : Long.MAX_VALUE;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(
                    pool.submit(
                            () -> {
                                for (int i = next.getAndIncrement();
                                        i < total && System.nanoTime() < end;
                                        i = next.getAndIncrement()) {
                                    outcomes.add(send(lines.get(i % lines.size())));
                                }
                                return null;
                            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return new ArrayList<>(outcomes);
    }

    /** Requests arriving at {@code perSecond} for {@code seconds}, whatever the answers. */
    List<Outcome> openLoop(List<String> lines, double perSecond, double seconds) {
        List<CompletableFuture<Outcome>> answers = new ArrayList<>();
        long interval = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        for (int i = 0; System.nanoTime() - start < seconds * 1e9; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            long t0 = System.nanoTime();
            answers.add(
                    client.sendAsync(
                                    request(lines.get(i % lines.size())),
                                    HttpResponse.BodyHandlers.ofString())
                            .handle(
                                    (r, e) ->
                                            new Outcome(
                                                    e == null ? r.statusCode() : 0,
                                                    System.nanoTime() - t0)));
        }
        return answers.stream().map(CompletableFuture::join).toList();
    }

    /** Counts by status, sentences per second of the 200s, and latency percentiles per status. */
    static Map<String, Object> summary(List<Outcome> outcomes, double seconds) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Integer> statuses = new LinkedHashMap<>();
        outcomes.forEach(o -> statuses.merge(Integer.toString(o.status()), 1, Integer::sum));
        out.put("requests", outcomes.size());
        out.put("statuses", statuses);
        long ok = outcomes.stream().filter(o -> o.status() == 200).count();
        out.put("ok_per_s", Math.round(ok / seconds * 10) / 10.0);
        for (int status : new int[] {200, 503}) {
            long[] nanos =
                    outcomes.stream()
                            .filter(o -> o.status() == status)
                            .mapToLong(Outcome::nanos)
                            .sorted()
                            .toArray();
            if (nanos.length > 0) {
                out.put("latency_ms_" + status, percentiles(nanos));
            }
        }
        AtomicLong otherErrors = new AtomicLong();
        outcomes.stream()
                .filter(o -> o.status() != 200 && o.status() != 503)
                .forEach(o -> otherErrors.incrementAndGet());
        out.put("other_errors", otherErrors.get());
        return out;
    }

    private static Map<String, Double> percentiles(long[] sorted) {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("p50", ms(sorted[sorted.length / 2]));
        p.put("p90", ms(sorted[(int) (sorted.length * 0.9)]));
        p.put("p99", ms(sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))]));
        p.put("max", ms(sorted[sorted.length - 1]));
        return p;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e5) / 10.0;
    }

    /** The resident memory of process {@code pid} in MiB, from /proc, or -1. */
    static double residentMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.trim().split("\\s+");
                    return Math.round(Long.parseLong(parts[1]) / 102.4) / 10.0;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    static long[] sortedLatencies(List<Outcome> outcomes) {
        long[] nanos = outcomes.stream().mapToLong(Outcome::nanos).toArray();
        Arrays.sort(nanos);
        return nanos;
    }
}
