package dev.tolk.cli;

import dev.tolk.io.TextFiles;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench http}: a load generator for a running service. For each client count, that many
 * clients send one sentence per {@code POST /translate} request, back to back, until every line of
 * the source file was sent; prints sentences per second and latency per client count, and the
 * speed-up over one client (what server-side batching buys).
 */
@Command(
        name = "http",
        mixinStandardHelpOptions = true,
        description = "Load-test POST /translate of a running service with concurrent clients.")
final class BenchHttpCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "The service.")
    URI url;

    @Option(names = "--source", required = true, description = "Sentences, one per line.")
    Path source;

    @Option(
            names = "--clients",
            defaultValue = "1,32",
            split = ",",
            description = "Client counts to run, in order (default ${DEFAULT-VALUE}).")
    int[] clients;

    @Option(
            names = "--sentences",
            defaultValue = "0",
            description = "Sentences per client count (default: every line of --source).")
    int sentences;

    @Option(names = "--beam", defaultValue = "4", description = "beamSize of each request.")
    int beam;

    @Option(names = "--api-key", description = "Sent as Authorization: Bearer.")
    String apiKey;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<String> lines =
                TextFiles.readAllLines(source).stream().filter(l -> !l.isBlank()).toList();
        int total = sentences > 0 ? Math.min(sentences, lines.size()) : lines.size();
        PrintWriter out = spec.commandLine().getOut();
        HttpClient client =
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .executor(Executors.newCachedThreadPool())
                        .build();
        // Warm-up: the model is loaded and the first batches are not timed.
        for (int i = 0; i < Math.min(8, total); i++) {
            send(client, lines.get(i));
        }
        List<Map<String, Object>> runs = new ArrayList<>();
        double single = 0;
        for (int count : clients) {
            Map<String, Object> run = run(client, lines.subList(0, total), count);
            double rate = (double) run.get("sentences_per_s");
            if (count == 1) {
                single = rate;
            }
            if (single > 0) {
                run.put("speedup_over_1_client", Math.round(rate / single * 100) / 100.0);
            }
            runs.add(run);
            out.printf(
                    "clients %3d: %7.1f sentences/s, latency median %6.1f ms, p90 %6.1f ms%s%n",
                    count,
                    rate,
                    (double) run.get("latency_ms_median"),
                    (double) run.get("latency_ms_p90"),
                    run.containsKey("speedup_over_1_client")
                            ? ", " + run.get("speedup_over_1_client") + "x one client"
                            : "");
            out.flush();
        }
        if (json) {
            out.println(
                    new JsonLine()
                            .put("url", url.toString())
                            .put("sentences", total)
                            .put("beam", beam)
                            .put("runs", runs)
                            .line());
        }
        out.flush();
        return 0;
    }

    private Map<String, Object> run(HttpClient client, List<String> lines, int count)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        long[] latencies = new long[lines.size()];
        ExecutorService pool = Executors.newFixedThreadPool(count);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            futures.add(
                    pool.submit(
                            () -> {
                                for (int i = next.getAndIncrement();
                                        i < lines.size();
                                        i = next.getAndIncrement()) {
                                    long t0 = System.nanoTime();
                                    send(client, lines.get(i));
                                    latencies[i] = System.nanoTime() - t0;
                                }
                                return null;
                            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("clients", count);
        run.put("seconds", Math.round(seconds * 100) / 100.0);
        run.put("sentences_per_s", Math.round(lines.size() / seconds * 10) / 10.0);
        run.put("latency_ms_median", Math.round(sorted[sorted.length / 2] / 1e5) / 10.0);
        run.put("latency_ms_p90", Math.round(sorted[(int) (sorted.length * 0.9)] / 1e5) / 10.0);
        return run;
    }

    private void send(HttpClient client, String text) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", text);
        body.put("beamSize", beam);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(url.resolve("/translate"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JsonLine.of(body)));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response =
                client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "POST /translate answered " + response.statusCode() + ": " + response.body());
        }
    }
}
