package dev.tolk.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** The request log never shows a key given in the query string. */
class RequestLoggingTest {

    private final WebConfiguration.MaskedRequestLogging logging =
            (WebConfiguration.MaskedRequestLogging) new WebConfiguration().requestLogging();

    private String message(String query) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/translate");
        request.setQueryString(query);
        request.addHeader("Authorization", "Bearer HEADER-SECRET");
        return logging.createMessage(request, "Before request [", "]");
    }

    @Test
    void apiKeysInQueryStringsAreMasked() {
        String message = message("q=hello&api_key=SECRET&target=de");

        assertThat(message)
                .contains("/translate?q=hello&api_key=***&target=de")
                .doesNotContain("SECRET");
        assertThat(message("API_KEY=SECRET")).doesNotContain("SECRET");
        assertThat(message("api%5Fkey=SECRET")).doesNotContain("SECRET");
        assertThat(message("a=1&api_key=SE%26CRET")).doesNotContain("SE%26CRET");
        assertThat(message("a=1&api_key=x&api_key=SECRET")).doesNotContain("SECRET");
        assertThat(message(null)).contains("/translate").doesNotContain("HEADER-SECRET");
    }

    @Test
    void otherParametersAreLoggedAsTheyAre() {
        assertThat(WebConfiguration.MaskedRequestLogging.mask("source=en&target=de&"))
                .isEqualTo("source=en&target=de&");
        assertThat(WebConfiguration.MaskedRequestLogging.mask("flag&api_key="))
                .isEqualTo("flag&api_key=***");
    }
}
