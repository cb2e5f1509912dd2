package dev.tolk.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a {@code .dockerignore} file, matched as Docker matches them: paths relative to the
 * build context, {@code *} and {@code ?} within one path segment, {@code **} across any number of
 * segments, a pattern that matches a directory excludes everything under it, {@code !} re-includes,
 * and the last matching rule wins. Character classes are not supported (Tolk's file has none) and
 * are refused.
 */
final class DockerIgnore {

    private record Rule(Pattern pattern, boolean reinclude) {}

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    /**
     * The rules for building {@code dockerfile} in {@code context}: like BuildKit, a {@code
     * <Dockerfile>.dockerignore} beside the Dockerfile wins over the context's {@code
     * .dockerignore}; without either nothing is excluded.
     */
    static DockerIgnore forBuild(Path context, Path dockerfile) throws IOException {
        Path specific = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
        Path general = context.resolve(".dockerignore");
        if (Files.isRegularFile(specific)) {
            return parse(Files.readAllLines(specific));
        }
        return Files.isRegularFile(general)
                ? parse(Files.readAllLines(general))
                : new DockerIgnore(List.of());
    }

    static DockerIgnore parse(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean reinclude = line.startsWith("!");
            String pattern = reinclude ? line.substring(1).strip() : line;
            pattern = pattern.replaceAll("^(\\./|/)+", "").replaceAll("/+$", "");
            rules.add(new Rule(glob(pattern), reinclude));
        }
        return new DockerIgnore(List.copyOf(rules));
    }

    /** Whether {@code path} (relative to the context, {@code /}-separated) is left out. */
    boolean excludes(String path) {
        boolean excluded = false;
        for (Rule rule : rules) {
            if (matchesItselfOrAParent(rule.pattern(), path)) {
                excluded = !rule.reinclude();
            }
        }
        return excluded;
    }

    private static boolean matchesItselfOrAParent(Pattern pattern, String path) {
        String prefix = path;
        while (true) {
            if (pattern.matcher(prefix).matches()) {
                return true;
            }
            int slash = prefix.lastIndexOf('/');
            if (slash < 0) {
                return false;
            }
            prefix = prefix.substring(0, slash);
        }
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                i++;
                boolean slashFollows = i + 1 < pattern.length() && pattern.charAt(i + 1) == '/';
                if (slashFollows) {
                    i++;
                }
                regex.append(slashFollows ? "(?:.*/)?" : ".*");
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (c == '[' || c == '\\') {
                throw new IllegalArgumentException(
                        ".dockerignore pattern '" + pattern + "': classes and escapes unsupported");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
