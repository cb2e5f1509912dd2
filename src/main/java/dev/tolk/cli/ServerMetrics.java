package dev.tolk.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A snapshot of the service's Prometheus metrics ({@code /actuator/prometheus}): the sums and
 * counts of its timers, so that {@code bench http} can say where a request's time went on the
 * server between two snapshots.
 */
final class ServerMetrics {

    private static final Pattern LINE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)");

    /** Each sample by its full name with labels, e.g. {@code x_sum{stage="search"}}. */
    private final Map<String, Double> samples;

    private ServerMetrics(Map<String, Double> samples) {
        this.samples = samples;
    }

    /** The metrics now, or none (empty) when the endpoint does not answer 200. */
    static ServerMetrics fetch(URI base, String apiKey) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(base.resolve("/actuator/prometheus")).GET();
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(request.build(), HttpResponse.BodyHandlers.ofString());
        return parse(response.statusCode() == 200 ? response.body() : "");
    }

    static ServerMetrics parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                try {
                    samples.put(
                            m.group(1) + "{" + (m.group(3) == null ? "" : m.group(3)) + "}",
                            Double.parseDouble(m.group(4)));
                } catch (NumberFormatException e) {
                    // NaN and the like: not a sample we read
                }
            }
        }
        return new ServerMetrics(samples);
    }

    boolean isEmpty() {
        return samples.isEmpty();
    }

    /** The sum of the samples named {@code name} whose labels pass {@code labels}. */
    double total(String name, Predicate<String> labels) {
        double total = 0;
        for (var e : samples.entrySet()) {
            String key = e.getKey();
            int brace = key.indexOf('{');
            if (key.substring(0, brace).equals(name)
                    && labels.test(key.substring(brace + 1, key.length() - 1))) {
                total += e.getValue();
            }
        }
        return total;
    }

    /** {@code name} summed over matching labels, this snapshot minus {@code before}. */
    double since(ServerMetrics before, String name, Predicate<String> labels) {
        return total(name, labels) - before.total(name, labels);
    }

    /**
     * Where the server spent a request's time between {@code before} and this snapshot, in ms per
     * request of {@code POST /translate}: its whole time on the server, its wait in the queue, and
     * its share of the batches' encoding, search and assembly; plus the translation cache's hits.
     */
    Map<String, Object> breakdown(ServerMetrics before) {
        Predicate<String> translate = l -> l.contains("uri=\"/translate\"");
        double requests = since(before, "http_server_requests_seconds_count", translate);
        Map<String, Object> out = new LinkedHashMap<>();
        if (requests <= 0) {
            return out;
        }
        out.put(
                "server_ms",
                ms(since(before, "http_server_requests_seconds_sum", translate) / requests));
        out.put(
                "queue_wait_ms",
                ms(since(before, "tolk_translate_queue_wait_seconds_sum", l -> true) / requests));
        for (String stage : new String[] {"encode", "search", "assemble"}) {
            out.put(
                    stage + "_ms",
                    ms(
                            since(
                                            before,
                                            "tolk_translate_stage_seconds_sum",
                                            l -> l.contains("stage=\"" + stage + "\""))
                                    / requests));
        }
        out.put(
                "cache_hits",
                (long)
                        since(
                                before,
                                "cache_gets_total",
                                l ->
                                        l.contains("cache=\"translations\"")
                                                && l.contains("result=\"hit\"")));
        return out;
    }

    private static double ms(double seconds) {
        return Math.round(seconds * 1e4) / 10.0;
    }
}
