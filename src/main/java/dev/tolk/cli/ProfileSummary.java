package dev.tolk.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * What PyTorch's profiler trace (Chrome trace JSON, {@code --profile}) says about decoding: the
 * operators called from Java, per decoding step. An operator is counted when no other operator of
 * its thread encloses it (the ones Tolk, through DJL, asked for; an {@code aten::matmul} counts
 * once, not with the {@code aten::mm} inside it). A decoding step is one {@code aten::log_softmax}:
 * every step ends with exactly one and nothing else calls it while decoding.
 *
 * <p>Each call from Java costs some microseconds whatever its size (DJL's wrapping, JNI, PyTorch's
 * dispatcher), so with the few rows of a decoding step the count per step, not the arithmetic, sets
 * the time: {@link #opsPerStep} is the figure to bring down, and {@link #opTimeShare} how much of
 * the wall time the operators themselves take (the rest is Java: the search, DJL's bookkeeping, the
 * calls' overhead).
 */
record ProfileSummary(
        long steps, long ops, double opMicros, double spanMicros, Map<String, double[]> byOp) {

    /** The step marker: one per decoding step. */
    static final String STEP_OP = "aten::log_softmax";

    double opsPerStep() {
        return steps == 0 ? Double.NaN : (double) ops / steps;
    }

    /** Microseconds inside the counted operators per step. */
    double opMicrosPerStep() {
        return steps == 0 ? Double.NaN : opMicros / steps;
    }

    /** Wall microseconds per step, from the first operator's start to the last one's end. */
    double wallMicrosPerStep() {
        return steps == 0 ? Double.NaN : spanMicros / steps;
    }

    double opTimeShare() {
        return spanMicros == 0 ? Double.NaN : opMicros / spanMicros;
    }

    /**
     * The {@code n} operators called most often per step (the longer first among equals): name ->
     * {calls, microseconds}.
     */
    Map<String, double[]> top(int n) {
        Map<String, double[]> out = new LinkedHashMap<>();
        byOp.entrySet().stream()
                .sorted(
                        Comparator.comparingDouble(
                                        (Map.Entry<String, double[]> e) -> -e.getValue()[0])
                                .thenComparingDouble(e -> -e.getValue()[1]))
                .limit(n)
                .forEach(
                        e ->
                                out.put(
                                        e.getKey(),
                                        new double[] {
                                            e.getValue()[0] / Math.max(1, steps),
                                            e.getValue()[1] / Math.max(1, steps)
                                        }));
        return out;
    }

    /** One complete event ("ph": "X") of the trace. */
    private record Event(String name, long thread, double start, double duration) {}

    /** Reads a trace written by {@code JniUtils.stopProfile}. */
    static ProfileSummary read(Path trace) throws IOException {
        List<Event> events = new ArrayList<>();
        // Objects read one at a time from inside the array: not the whole (tens of MB) trace.
        JsonMapper mapper =
                JsonMapper.builder()
                        .disable(
                                tools.jackson.databind.DeserializationFeature
                                        .FAIL_ON_TRAILING_TOKENS)
                        .build();
        try (InputStream in = Files.newInputStream(trace);
                JsonParser parser = mapper.createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_OBJECT) { // {"traceEvents": [...]}
                while (parser.nextToken() != JsonToken.START_ARRAY) {
                    if (parser.currentToken() == null) {
                        throw new IOException(trace + " has no traceEvents array");
                    }
                }
            } else if (first != JsonToken.START_ARRAY) {
                throw new IOException(trace + " is not a Chrome trace");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                Map<?, ?> e = mapper.readValue(parser, Map.class);
                if ("X".equals(e.get("ph")) && e.get("dur") instanceof Number duration) {
                    events.add(
                            new Event(
                                    String.valueOf(e.get("name")),
                                    e.get("tid") instanceof Number t ? t.longValue() : 0,
                                    ((Number) e.get("ts")).doubleValue(),
                                    duration.doubleValue()));
                }
            }
        }
        return summarize(events);
    }

    private static ProfileSummary summarize(List<Event> events) {
        // The enclosing event first: by thread, start, then the longer one.
        events.sort(
                Comparator.comparingLong(Event::thread)
                        .thenComparingDouble(Event::start)
                        .thenComparingDouble(e -> -e.duration()));
        Map<String, double[]> byOp = new HashMap<>();
        long steps = 0;
        long ops = 0;
        double micros = 0;
        double first = Double.POSITIVE_INFINITY;
        double last = Double.NEGATIVE_INFINITY;
        long thread = Long.MIN_VALUE;
        double openUntil = Double.NEGATIVE_INFINITY;
        for (Event e : events) {
            if (e.thread() != thread) {
                thread = e.thread();
                openUntil = Double.NEGATIVE_INFINITY;
            }
            if (e.start() < openUntil) {
                continue; // inside an operator already counted
            }
            openUntil = e.start() + e.duration();
            ops++;
            micros += e.duration();
            steps += e.name().equals(STEP_OP) ? 1 : 0;
            first = Math.min(first, e.start());
            last = Math.max(last, openUntil);
            double[] entry = byOp.computeIfAbsent(e.name(), k -> new double[2]);
            entry[0]++;
            entry[1] += e.duration();
        }
        return new ProfileSummary(steps, ops, micros, ops == 0 ? 0 : last - first, byOp);
    }
}
