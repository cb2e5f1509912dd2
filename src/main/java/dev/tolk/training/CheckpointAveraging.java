package dev.tolk.training;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.tolk.model.TransformerConfig;
import dev.tolk.model.TransformerModel;
import dev.tolk.modelstore.ParameterFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Averages the parameters of several checkpoints of one run (Vaswani et al., section 6.1). */
public final class CheckpointAveraging {

    private CheckpointAveraging() {}

    /** Writes the element-wise mean of {@code files}' parameters to {@code out}. */
    public static void average(TransformerConfig config, List<Path> files, Path out)
            throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no checkpoints to average");
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            TransformerModel sum = new TransformerModel(config);
            ParameterFile.load(sum, files.get(0), manager);
            for (Path file : files.subList(1, files.size())) {
                try (NDManager scratch = manager.newSubManager()) {
                    TransformerModel next = new TransformerModel(config);
                    ParameterFile.load(next, file, scratch);
                    List<Pair<String, Parameter>> theirs = next.getParameters().stream().toList();
                    List<Pair<String, Parameter>> ours = sum.getParameters().stream().toList();
                    for (int i = 0; i < ours.size(); i++) {
                        ours.get(i).getValue().getArray().addi(theirs.get(i).getValue().getArray());
                    }
                }
            }
            for (Pair<String, Parameter> p : sum.getParameters()) {
                p.getValue().getArray().divi(files.size());
            }
            ParameterFile.save(sum, out);
        }
    }
}
