package dev.tolk.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.tracker.Tracker;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Adam (Kingma and Ba, 2015) whose state can be saved and restored, which DJL's {@code Adam} cannot
 * do (its moments are private): the same fused PyTorch update DJL uses ({@code adamUpdate}, which
 * also zeroes the gradient), with the first and second moments and the step count kept here, keyed
 * by parameter name, and written to and read from checkpoints.
 *
 * <p>{@code rescale} multiplies the gradient inside the fused update, so global-norm clipping and
 * gradient accumulation cost no extra pass over the gradients.
 */
public final class CheckpointableAdam implements AutoCloseable {

    private static final int FORMAT = 1;

    private final Tracker learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final Map<String, NDArray[]> moments = new HashMap<>();
    private int step;

    public CheckpointableAdam(Tracker learningRate, float beta1, float beta2, float epsilon) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    /** Updates done so far (the next update is step {@code step() + 1}). */
    public int step() {
        return step;
    }

    /** The learning rate of the next update. */
    public float nextLearningRate() {
        return learningRate.getNewValue(step + 1);
    }

    /**
     * One update of every parameter from its accumulated gradient, which is then zeroed.
     *
     * @param parameters name to weight; each weight's gradient must be attached
     * @param rescale factor applied to every gradient (clipping, accumulation)
     * @return the learning rate used
     */
    public float update(Map<String, NDArray> parameters, float rescale) {
        step++;
        float lr = learningRate.getNewValue(step);
        double correction1 = 1.0 - Math.pow(beta1, step);
        double correction2 = 1.0 - Math.pow(beta2, step);
        float lrBiasCorrected = (float) (lr * Math.sqrt(correction2) / correction1);
        for (var entry : parameters.entrySet()) {
            NDArray weight = entry.getValue();
            NDArray[] state =
                    moments.computeIfAbsent(
                            entry.getKey(),
                            k -> new NDArray[] {weight.zerosLike(), weight.zerosLike()});
            try (NDArray gradient = weight.getGradient()) {
                weight.getNDArrayInternal()
                        .adamUpdate(
                                new NDList(weight, gradient, state[0], state[1]),
                                new NDList(weight),
                                lr,
                                lrBiasCorrected,
                                0f,
                                rescale,
                                -1f,
                                beta1,
                                beta2,
                                epsilon,
                                true,
                                false);
            }
        }
        return lr;
    }

    /** Writes the step and every parameter's moments (parameters in name order). */
    public void save(DataOutputStream out) throws IOException {
        out.writeInt(FORMAT);
        out.writeInt(step);
        out.writeInt(moments.size());
        for (String name : new TreeSet<>(moments.keySet())) {
            out.writeUTF(name);
            NDArray[] state = moments.get(name);
            byte[] first = state[0].encode();
            byte[] second = state[1].encode();
            out.writeInt(first.length);
            out.write(first);
            out.writeInt(second.length);
            out.write(second);
        }
    }

    /** Restores what {@link #save} wrote; arrays go to {@code manager}. */
    public void load(DataInputStream in, NDManager manager) throws IOException {
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("optimizer state format " + format + " is not " + FORMAT);
        }
        close();
        step = in.readInt();
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            NDArray first = manager.decode(in.readNBytes(in.readInt()));
            NDArray second = manager.decode(in.readNBytes(in.readInt()));
            moments.put(name, new NDArray[] {first, second});
        }
    }

    @Override
    public void close() {
        for (NDArray[] state : moments.values()) {
            state[0].close();
            state[1].close();
        }
        moments.clear();
    }
}
