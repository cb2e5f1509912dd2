package dev.tolk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerMetricsTest {

    private static String scrape(
            double requests, double requestSeconds, double queue, double search, double hits) {
        return String.join(
                "\n",
                "# HELP http_server_requests_seconds",
                "# TYPE http_server_requests_seconds summary",
                "http_server_requests_seconds_count{error=\"none\",method=\"POST\",outcome=\"SUCCESS\",status=\"200\",uri=\"/translate\"} "
                        + requests,
                "http_server_requests_seconds_sum{error=\"none\",method=\"POST\",outcome=\"SUCCESS\",status=\"200\",uri=\"/translate\"} "
                        + requestSeconds,
                "http_server_requests_seconds_count{error=\"none\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/languages\"} 99",
                "http_server_requests_seconds_sum{error=\"none\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/languages\"} 99",
                "tolk_translate_queue_wait_seconds_sum " + queue,
                "tolk_translate_stage_seconds_sum{stage=\"encode\"} 0.0",
                "tolk_translate_stage_seconds_sum{stage=\"search\"} " + search,
                "tolk_translate_stage_seconds_sum{stage=\"assemble\"} 0.0",
                "cache_gets_total{cache=\"translations\",cache_manager=\"none\",result=\"hit\"} "
                        + hits,
                "cache_gets_total{cache=\"translations\",cache_manager=\"none\",result=\"miss\"} 7",
                "tolk_weird NaN");
    }

    @Test
    void breakdownIsPerTranslateRequestBetweenTwoScrapes() {
        ServerMetrics before = ServerMetrics.parse(scrape(10, 1.0, 0.2, 0.5, 0));
        ServerMetrics after = ServerMetrics.parse(scrape(30, 3.0, 0.6, 1.5, 4));

        var breakdown = after.breakdown(before);

        assertThat(breakdown)
                .containsEntry("server_ms", 100.0)
                .containsEntry("queue_wait_ms", 20.0)
                .containsEntry("encode_ms", 0.0)
                .containsEntry("search_ms", 50.0)
                .containsEntry("cache_hits", 4L);
    }

    @Test
    void noRequestsOrNoMetricsGiveNoBreakdown() {
        ServerMetrics same = ServerMetrics.parse(scrape(10, 1.0, 0.2, 0.5, 0));

        assertThat(same.breakdown(same)).isEmpty();
        assertThat(ServerMetrics.parse("").isEmpty()).isTrue();
    }
}
