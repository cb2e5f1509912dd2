package dev.tolk.cli;

import dev.tolk.decode.SearchSettings;
import dev.tolk.metrics.Scores;
import dev.tolk.training.EvaluationRecord;
import dev.tolk.training.ProgressListener;
import dev.tolk.training.SettingsFields;
import dev.tolk.training.TrainingRun;
import dev.tolk.training.TrainingSettings;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code train ...}: trains a model into a model directory, with a progress bar. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Train a Transformer on a parallel corpus. Settings come from flags or --config FILE"
                    + " (JSON with the same names: sourceLang, trainSource, preset, ...); flags win.",
            "Progress goes to stderr; held-out and test BLEU/chrF with signatures to stdout."
        })
final class TrainCommand implements Callable<Integer> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Spec CommandSpec spec;

    @ParentCommand TolkCommand parent;

    @Option(names = "--config", description = "JSON file with training settings.")
    Path config;

    @Option(names = "--source-lang")
    String sourceLang;

    @Option(names = "--target-lang")
    String targetLang;

    @Option(names = "--train-source", description = "Source file, or a TSV / JSON Lines corpus.")
    String trainSource;

    @Option(names = "--train-target")
    String trainTarget;

    @Option(names = "--valid-source")
    String validSource;

    @Option(names = "--valid-target")
    String validTarget;

    @Option(names = "--test-source")
    String testSource;

    @Option(names = "--test-target")
    String testTarget;

    @Option(
            names = "--preset",
            description =
                    "small (default: the recipe for corpora of tens of thousands of pairs), multi30k (Transformer-tiny for long runs), base (over ~1M pairs) or tiny.")
    String preset;

    @Option(names = "--vocab-size")
    Integer vocabSize;

    @Option(names = "--dropout")
    Float dropout;

    @Option(names = "--max-epochs")
    Integer maxEpochs;

    @Option(names = "--max-minutes")
    Double maxMinutes;

    @Option(names = "--max-steps")
    Integer maxSteps;

    @Option(names = "--batch-tokens")
    Integer batchTokens;

    @Option(names = "--accumulate")
    Integer accumulate;

    @Option(names = "--lr", description = "Peak learning rate (default: the paper's).")
    Float learningRate;

    @Option(names = "--warmup")
    Integer warmupSteps;

    @Option(
            names = "--cooldown",
            description =
                    "Share of the budget (--max-minutes, --max-steps or --max-epochs, the nearest)"
                            + " over which the learning rate falls to zero at the end.")
    Float coolDown;

    @Option(names = "--label-smoothing")
    Float labelSmoothing;

    @Option(names = "--clip-norm")
    Float clipNorm;

    @Option(names = "--eval-every", description = "Evaluate every N steps (default: every epoch).")
    Integer evalEverySteps;

    @Option(
            names = "--patience",
            description =
                    "Evaluations without a better held-out BLEU before stopping; with a cool-down,"
                            + " before the cool-down starts at once (the run stops when it ends).")
    Integer patience;

    @Option(names = "--average-last")
    Integer averageLast;

    @Option(names = "--log-every")
    Integer logEverySteps;

    @Option(
            names = "--beam",
            description = "Beam size for the evaluations during training (default 1: greedy).")
    Integer beamSize;

    @Option(
            names = "--final-beam",
            description = "Beam size for the final held-out and test scores (default 5).")
    Integer finalBeamSize;

    @Option(
            names = "--length-penalty",
            description =
                    "GNMT α for beam search (default "
                            + SearchSettings.DEFAULT_LENGTH_PENALTY
                            + ").")
    Float lengthPenalty;

    @Option(names = "--seed")
    Long seed;

    @Option(
            names = "--base-model",
            paramLabel = "DIR",
            description =
                    "Fine-tune the finished model in DIR: start from its parameters, architecture"
                            + " and vocabulary (--preset and --vocab-size must be left out), its"
                            + " languages by default; the other defaults become the fine-tuning"
                            + " recipe (a quarter of its peak learning rate, a tenth of its"
                            + " warm-up, no cool-down, patience 3, the best checkpoint kept).")
    String baseModel;

    @Option(
            names = "--mix-base-share",
            paramLabel = "F",
            description =
                    "With --base-model: draw this share of the training pairs (0 to 0.9) from the"
                            + " base model's own training corpus, its held-out pairs excluded"
                            + " (the files its recipe names must still be there).")
    Float mixBaseShare;

    @Option(names = "--out", description = "Model directory (default models/<src>-<tgt>-<time>).")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        TrainingSettings settings = settings();
        Path dir = out != null ? out : defaultDirectory(settings);
        if (resume && out == null) {
            throw new IllegalArgumentException("--resume needs --out: the directory of the run");
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("training into " + dir);
        err.flush();
        TrainingRun.Result result =
                new TrainingRun(settings, dir, parent.device, new Bar(err)).run(resume);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(
                "model: " + dir + " (" + result.steps() + " steps; " + result.stopReason() + ")");
        print(stdout, "held-out", result.heldOut());
        if (result.test() != null) {
            print(stdout, "test", result.test());
        }
        JsonNode versus = result.manifest().metrics().path("versusBase");
        if (!versus.isMissingNode()) {
            stdout.println(
                    "versus base model "
                            + versus.path("baseModel").asString()
                            + ": held-out "
                            + change(versus.path("heldOut"))
                            + "; the base's held-out set "
                            + change(versus.path("baseHeldOut")));
        }
        stdout.flush();
        return 0;
    }

    /** BLEU and chrF with sacreBLEU's defaults, then lowercased BLEU. */
    private static void print(PrintWriter out, String name, Scores scores) {
        out.println(name + " " + scores.cased().bleu().format());
        out.println(name + " " + scores.cased().chrf().format());
        out.println(name + " lowercased " + scores.lowercased().bleu().format());
    }

    /** {@code BLEU 21.30 → 30.20 (120 sentences)}, or why it was not scored. */
    private static String change(JsonNode scores) {
        if (scores.has("unavailable")) {
            return "not scored (" + scores.path("unavailable").asString() + ")";
        }
        return String.format(
                java.util.Locale.ROOT,
                "BLEU %.2f → %.2f (%d sentences)",
                scores.path("bleuBefore").asDouble(),
                scores.path("bleuAfter").asDouble(),
                scores.path("sentences").asInt());
    }

    private Path defaultDirectory(TrainingSettings settings) {
        String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("models", settings.sourceLang() + "-" + settings.targetLang() + "-" + time);
    }

    /** The config file's fields, overridden by the flags given. */
    TrainingSettings settings() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (config != null) {
            if (!Files.isRegularFile(config)) {
                throw new IllegalArgumentException("--config " + config + ": no such file");
            }
            fields.putAll(JSON.readValue(config.toFile(), Map.class));
        }
        // Every option field named like a setting (maxEpochs, learningRate, ...) is that setting.
        for (Field field : TrainCommand.class.getDeclaredFields()) {
            Object value = field.get(this);
            if (value != null && SettingsFields.NAMES.contains(field.getName())) {
                fields.put(field.getName(), value);
            }
        }
        return SettingsFields.toSettings(fields);
    }

    /** A progress bar on stderr: redrawn in place on a terminal, a line per report otherwise. */
    private static final class Bar implements ProgressListener {
        private final PrintWriter err;
        private final boolean terminal = System.console() != null;

        Bar(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void onProgress(Progress p) {
            int filled = (int) Math.round(p.percent() / 5);
            String bar = "[" + "#".repeat(filled) + ".".repeat(Math.max(0, 20 - filled)) + "] ";
            err.print(
                    (terminal ? "\r" : "")
                            + bar
                            + String.format("%3.0f%% ", p.percent())
                            + p.line()
                            + (terminal ? "" : "\n"));
            err.flush();
        }

        @Override
        public void onEvaluation(EvaluationRecord e) {
            err.printf(
                    "%sevaluation at step %d: held-out loss %.3f BLEU %.2f chrF %.2f (train loss %.3f)%n",
                    terminal ? "\n" : "",
                    e.step(),
                    e.heldOutLoss(),
                    e.bleu(),
                    e.chrf(),
                    e.trainLoss());
            err.flush();
        }

        @Override
        public void onMessage(String message) {
            err.println((terminal ? "\n" : "") + message);
            err.flush();
        }
    }
}
