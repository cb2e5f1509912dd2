package dev.tolk.cli;

import picocli.CommandLine.Command;

/** {@code bench <what>}: measurements that print figures, never pass/fail. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks: print figures (one JSON object per run with --json).",
        subcommands = {
            BenchVocabCommand.class,
            BenchBleuCommand.class,
            BenchTrainCommand.class,
            BenchDecodeCommand.class,
            BenchHttpCommand.class,
            BenchConfidenceCommand.class,
            BenchGlossaryCommand.class
        })
final class BenchCommand {}
