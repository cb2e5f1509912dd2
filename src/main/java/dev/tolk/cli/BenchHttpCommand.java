package dev.tolk.cli;

import dev.tolk.io.TextFiles;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench http}: a load generator for a running service. For each client count, that many
 * clients send one sentence per {@code POST /translate} request, back to back, until every line of
 * the source file was sent; prints sentences per second and latency per client count, and the
 * speed-up over one client (what server-side batching buys).
 *
 * <p>{@code --overload F}: after the runs, requests arrive at F times the rate the last run
 * sustained, for {@code --duration} seconds, whatever the answers (open loop): how admitted
 * requests' latency holds and how fast the rest are refused. {@code --soak}: the last client count
 * sends for {@code --duration} seconds; errors and the server's resident memory ({@code
 * --server-pid}) before and after.
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

    @Option(
            names = "--overload",
            description =
                    "Then send at this multiple of the last run's rate for --duration seconds"
                            + " (open loop), e.g. 4.")
    Double overload;

    @Option(
            names = "--soak",
            description = "Then run the last client count for --duration seconds (closed loop).")
    boolean soak;

    @Option(
            names = "--duration",
            defaultValue = "60",
            description = "Seconds of --overload or --soak (default ${DEFAULT-VALUE}).")
    double duration;

    @Option(
            names = "--server-pid",
            description = "The service's process id: its resident memory before and after --soak.")
    Long serverPid;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<String> lines =
                TextFiles.readAllLines(source).stream().filter(l -> !l.isBlank()).toList();
        int total = sentences > 0 ? Math.min(sentences, lines.size()) : lines.size();
        PrintWriter out = spec.commandLine().getOut();
        HttpLoad load = new HttpLoad(url, beam, apiKey);
        // Warm-up: the model is loaded and the first batches are not timed.
        for (int i = 0; i < Math.min(8, total); i++) {
            load.send(lines.get(i));
        }
        JsonLine figures = new JsonLine().put("url", url.toString()).put("sentences", total);
        figures.put("beam", beam);
        List<Map<String, Object>> runs = runs(load, lines.subList(0, total), out);
        figures.put("runs", runs);
        double sustained = (double) runs.get(runs.size() - 1).get("sentences_per_s");
        int lastClients = clients[clients.length - 1];
        if (overload != null) {
            double rate = overload * sustained;
            Map<String, Object> summary =
                    HttpLoad.summary(load.openLoop(lines, rate, duration), duration);
            summary.put("offered_per_s", Math.round(rate * 10) / 10.0);
            out.println(
                    "overload "
                            + overload
                            + "x ("
                            + summary.get("offered_per_s")
                            + "/s): "
                            + summary);
            figures.put("overload", summary);
        }
        if (soak) {
            double before = serverPid == null ? -1 : HttpLoad.residentMiB(serverPid);
            Map<String, Object> summary =
                    HttpLoad.summary(
                            load.closedLoop(lines, lastClients, Integer.MAX_VALUE, duration),
                            duration);
            summary.put("clients", lastClients);
            summary.put("rss_mib_before", before);
            summary.put("rss_mib_after", serverPid == null ? -1 : HttpLoad.residentMiB(serverPid));
            out.println("soak " + duration + " s at " + lastClients + " clients: " + summary);
            figures.put("soak", summary);
        }
        if (json) {
            out.println(figures.line());
        }
        out.flush();
        return 0;
    }

    /** One closed-loop run per client count; every request must be answered 200. */
    private List<Map<String, Object>> runs(HttpLoad load, List<String> lines, PrintWriter out)
            throws Exception {
        List<Map<String, Object>> runs = new ArrayList<>();
        double single = 0;
        for (int count : clients) {
            ServerMetrics before = ServerMetrics.fetch(url, apiKey);
            long start = System.nanoTime();
            List<HttpLoad.Outcome> outcomes = load.closedLoop(lines, count, lines.size(), 0);
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> breakdown = ServerMetrics.fetch(url, apiKey).breakdown(before);
            if (outcomes.stream().anyMatch(o -> o.status() != 200)) {
                throw new IllegalStateException(
                        "POST /translate answered other than 200: "
                                + HttpLoad.summary(outcomes, seconds));
            }
            long[] sorted = HttpLoad.sortedLatencies(outcomes);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("clients", count);
            run.put("seconds", Math.round(seconds * 100) / 100.0);
            double rate = Math.round(lines.size() / seconds * 10) / 10.0;
            run.put("sentences_per_s", rate);
            run.put("latency_ms_median", Math.round(sorted[sorted.length / 2] / 1e5) / 10.0);
            run.put("latency_ms_p90", Math.round(sorted[(int) (sorted.length * 0.9)] / 1e5) / 10.0);
            single = count == 1 ? rate : single;
            if (single > 0) {
                run.put("speedup_over_1_client", Math.round(rate / single * 100) / 100.0);
            }
            run.put("server_breakdown", breakdown);
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
            out.println("  per request on the server (ms): " + breakdown);
            if (breakdown.get("cache_hits") instanceof Long hits && hits > 0) {
                out.println(
                        "  WARNING: "
                                + hits
                                + " translations came from the server's cache, not the model:"
                                + " start it with tolk.translate.cache-max-chars=0 to measure"
                                + " decoding");
            }
            out.flush();
        }
        return runs;
    }
}
