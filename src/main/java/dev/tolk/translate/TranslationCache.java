package dev.tolk.translate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tolk.decode.SearchSettings;
import dev.tolk.decode.Translator;
import dev.tolk.modelstore.ModelStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;

/**
 * Translations already made, by model, search settings and text (LibreTranslate has such a cache):
 * CMS plugins and chat bots send the same strings again and again. Bounded by the characters kept
 * (source and translation) and by age; counted in Micrometer's {@code cache_gets_total{cache=
 * "translations", result="hit"|"miss"}}. Translations with attention matrices are not kept (their
 * size grows with the square of the length).
 */
final class TranslationCache {

    /** What a translation depends on. The model's creation time tells a re-made model apart. */
    private record Key(String model, String createdAt, SearchSettings search, String text) {}

    /** Characters a kept entry costs besides its texts (keys, records, the cache's own nodes). */
    private static final int OVERHEAD_CHARS = 100;

    private final Cache<Key, Translator.Translation> cache;

    private TranslationCache(Cache<Key, Translator.Translation> cache) {
        this.cache = cache;
    }

    /** A cache of at most {@code maxChars} characters, entries kept at most {@code maxAge}. */
    static TranslationCache of(long maxChars, Duration maxAge, MeterRegistry meters) {
        if (maxChars <= 0) {
            return new TranslationCache(null);
        }
        Cache<Key, Translator.Translation> cache =
                Caffeine.newBuilder()
                        .maximumWeight(maxChars)
                        .weigher(
                                (Key k, Translator.Translation t) ->
                                        OVERHEAD_CHARS + k.text().length() + weight(t))
                        .expireAfterWrite(maxAge)
                        .recordStats()
                        .build();
        CaffeineCacheMetrics.monitor(meters, cache, "translations");
        return new TranslationCache(cache);
    }

    /** No cache: every text is decoded. */
    static TranslationCache off() {
        return new TranslationCache(null);
    }

    private static int weight(Translator.Translation t) {
        int chars = t.text().length();
        if (t.nBest() != null) {
            chars += t.nBest().stream().mapToInt(a -> a.text().length() + 16).sum();
        }
        if (t.sourceTokens() != null) {
            chars += t.sourceTokens().stream().mapToInt(s -> s.length() + 8).sum();
        }
        if (t.targetTokens() != null) {
            chars += t.targetTokens().stream().mapToInt(s -> s.length() + 8).sum();
        }
        return chars;
    }

    private static boolean cacheable(SearchSettings search) {
        return !search.attention();
    }

    /** The kept translation of {@code text}, or null. */
    Translator.Translation get(ModelStore.Entry model, SearchSettings search, String text) {
        if (cache == null || !cacheable(search)) {
            return null;
        }
        return cache.getIfPresent(key(model, search, text));
    }

    void put(
            ModelStore.Entry model,
            SearchSettings search,
            String text,
            Translator.Translation translation) {
        if (cache != null && cacheable(search)) {
            cache.put(key(model, search, text), translation);
        }
    }

    private static Key key(ModelStore.Entry model, SearchSettings search, String text) {
        return new Key(model.id(), model.manifest().createdAt(), search, text);
    }
}
