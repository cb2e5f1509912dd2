package dev.tolk.deploy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Dockerfile read as instructions, enough to check it without a Docker engine: continuation lines
 * joined, comment lines dropped, stages split at {@code FROM}. Only the forms Tolk's Dockerfiles
 * use are understood ({@code ENV key=value}, {@code COPY} without heredocs); anything else fails
 * loudly rather than being read wrongly.
 */
record DockerfileText(Path path, List<DockerfileText.Stage> stages) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ENV_ENTRY =
            Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(?:\"([^\"]*)\"|(\\S*))");
    private static final Pattern URL = Pattern.compile("https?://[^\\s\"']+");

    /** One instruction: its keyword in upper case and the rest of its (joined) lines. */
    record Instruction(String keyword, String arguments) {}

    /** {@code COPY [--from=STAGE] [--flag...] SOURCE... DESTINATION}. */
    record Copy(Optional<String> from, List<String> sources, String destination) {}

    /** The instructions from one {@code FROM} (included) to the next. */
    record Stage(String name, String baseImage, List<Instruction> instructions) {

        List<String> all(String keyword) {
            return instructions.stream()
                    .filter(i -> i.keyword().equals(keyword))
                    .map(Instruction::arguments)
                    .toList();
        }

        /** The last instruction of the kind, the one in force for the image. */
        Optional<String> last(String keyword) {
            List<String> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
        }

        /** Position of the first instruction of the kind whose arguments contain {@code text}. */
        int indexOf(String keyword, String text) {
            for (int i = 0; i < instructions.size(); i++) {
                Instruction instruction = instructions.get(i);
                if (instruction.keyword().equals(keyword)
                        && instruction.arguments().contains(text)) {
                    return i;
                }
            }
            return -1;
        }

        /** Every {@code ENV} of the stage, later values replacing earlier ones. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (String arguments : all("ENV")) {
                Matcher entry = ENV_ENTRY.matcher(arguments);
                int matched = 0;
                while (entry.find()) {
                    String quoted = entry.group(2);
                    env.put(entry.group(1), quoted != null ? quoted : entry.group(3));
                    matched++;
                }
                if (matched == 0) {
                    throw new IllegalArgumentException(
                            "ENV " + arguments + ": only the key=value form is understood");
                }
            }
            return env;
        }

        List<Copy> copies() {
            return all("COPY").stream().map(DockerfileText::parseCopy).toList();
        }

        /** The exec form of {@code ENTRYPOINT}; the shell form is refused. */
        List<String> entrypoint() {
            String arguments =
                    last("ENTRYPOINT")
                            .orElseThrow(() -> new AssertionError("stage has no ENTRYPOINT"));
            return jsonArray("ENTRYPOINT", arguments);
        }

        /** The directories of {@code VOLUME}, in the exec (JSON array) form. */
        List<String> volumes() {
            return all("VOLUME").stream().flatMap(v -> jsonArray("VOLUME", v).stream()).toList();
        }

        /** The URL that {@code HEALTHCHECK ... CMD} calls. */
        URI healthCheckUrl() {
            String arguments =
                    last("HEALTHCHECK")
                            .orElseThrow(() -> new AssertionError("stage has no HEALTHCHECK"));
            return firstUrl(arguments);
        }
    }

    static DockerfileText read(Path path) throws IOException {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        for (Instruction instruction : instructions(Files.readAllLines(path))) {
            if (instruction.keyword().equals("FROM")) {
                current = new ArrayList<>();
                String[] words = instruction.arguments().split("\\s+");
                boolean named = words.length == 3 && words[1].equalsIgnoreCase("AS");
                stages.add(new Stage(named ? words[2] : null, words[0], current));
            } else if (current == null) {
                if (!instruction.keyword().equals("ARG")) {
                    throw new IllegalArgumentException(
                            path + ": " + instruction.keyword() + " before the first FROM");
                }
                continue;
            }
            current.add(instruction);
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException(path + " has no FROM");
        }
        return new DockerfileText(path, List.copyOf(stages));
    }

    /** The stage the image is made of: the last one. */
    Stage runtime() {
        return stages.get(stages.size() - 1);
    }

    Stage stage(String name) {
        return stages.stream()
                .filter(s -> name.equals(s.name()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(path + " has no stage named " + name));
    }

    /** The first http(s) URL in a command, e.g. a health check's. */
    static URI firstUrl(String command) {
        Matcher url = URL.matcher(command);
        if (!url.find()) {
            throw new AssertionError("no URL in: " + command);
        }
        return URI.create(url.group());
    }

    private static List<Instruction> instructions(List<String> lines) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : lines) {
            String line = raw.strip();
            // Docker drops comment lines even inside a continued instruction.
            if (line.startsWith("#") || (line.isEmpty() && pending.length() == 0)) {
                continue;
            }
            boolean continues = line.endsWith("\\");
            pending.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continues) {
                String text = pending.toString().strip();
                pending.setLength(0);
                String[] parts = text.split("\\s+", 2);
                instructions.add(
                        new Instruction(
                                parts[0].toUpperCase(Locale.ROOT),
                                parts.length > 1 ? parts[1] : ""));
            }
        }
        if (pending.length() > 0) {
            throw new IllegalArgumentException("the last instruction ends with a backslash");
        }
        return instructions;
    }

    private static Copy parseCopy(String arguments) {
        if (arguments.startsWith("<<") || arguments.contains(" <<")) {
            throw new IllegalArgumentException("COPY with a heredoc is not understood");
        }
        List<String> words = new ArrayList<>(Arrays.asList(arguments.split("\\s+")));
        Optional<String> from = Optional.empty();
        while (!words.isEmpty() && words.get(0).startsWith("--")) {
            String flag = words.remove(0);
            if (flag.startsWith("--from=")) {
                from = Optional.of(flag.substring("--from=".length()));
            }
        }
        if (!words.isEmpty() && words.get(0).startsWith("[")) {
            words = jsonArray("COPY", String.join(" ", words));
        }
        if (words.size() < 2) {
            throw new IllegalArgumentException(
                    "COPY " + arguments + ": needs a source and a target");
        }
        return new Copy(
                from, List.copyOf(words.subList(0, words.size() - 1)), words.get(words.size() - 1));
    }

    private static List<String> jsonArray(String keyword, String arguments) {
        if (!arguments.startsWith("[")) {
            throw new IllegalArgumentException(
                    keyword + " " + arguments + ": only the exec (JSON array) form is understood");
        }
        return JSON.readValue(arguments, new TypeReference<List<String>>() {});
    }
}
