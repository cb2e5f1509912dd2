package dev.tolk.testing;

import dev.tolk.TolkProperties;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@link TolkProperties} as the service binds them: every default from the record's own
 * annotations, models and data under {@code root}, the device CPU, plus {@code overrides} ({@code
 * tolk.jobs.enabled=false}, ...). Tests need not repeat the defaults positionally.
 */
public final class TestProperties {

    private TestProperties() {}

    public static TolkProperties under(Path root, String... overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("tolk.models-dir", root.resolve("models").toString());
        values.put("tolk.data-dir", root.resolve("data").toString());
        values.put("tolk.device", "cpu");
        for (String override : overrides) {
            int eq = override.indexOf('=');
            values.put(override.substring(0, eq), override.substring(eq + 1));
        }
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("tolk", TolkProperties.class);
    }
}
