package dev.tolk.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The architecture of one encoder–decoder Transformer: everything needed to rebuild it, nothing
 * about how it is trained. Field names follow the glossary in {@code package-info.java}.
 *
 * @param vocabSize V, the size of the vocabulary shared by source and target
 * @param padId the id of the padding token; source positions holding it are masked
 * @param modelDim D, width of the residual stream
 * @param encoderLayerCount N for the encoder
 * @param decoderLayerCount N for the decoder
 * @param headCount H, attention heads per attention block
 * @param ffnDim F, inner width of the feed-forward network
 * @param dropout dropout rate everywhere the paper applies it
 * @param maxLength the longest source or target (in tokens) the model accepts; longer input is an
 *     {@link InputTooLongException}, never silently cut
 * @param norm post-norm (paper) or pre-norm
 * @param positions sinusoidal (paper) or learned positions
 * @param tying which embedding matrices are shared
 */
public record TransformerConfig(
        int vocabSize,
        int padId,
        int modelDim,
        int encoderLayerCount,
        int decoderLayerCount,
        int headCount,
        int ffnDim,
        float dropout,
        int maxLength,
        Norm norm,
        PositionKind positions,
        EmbeddingTying tying) {

    /** Default {@link #maxLength}: several times the longest sentence of common corpora. */
    public static final int DEFAULT_MAX_LENGTH = 512;

    /** Default {@link #padId}, the first of the fixed special tokens. */
    public static final int DEFAULT_PAD_ID = 0;

    public TransformerConfig {
        requirePositive("vocabSize", vocabSize);
        requirePositive("modelDim", modelDim);
        requirePositive("encoderLayerCount", encoderLayerCount);
        requirePositive("decoderLayerCount", decoderLayerCount);
        requirePositive("headCount", headCount);
        requirePositive("ffnDim", ffnDim);
        requirePositive("maxLength", maxLength);
        if (padId < 0 || padId >= vocabSize) {
            throw new IllegalArgumentException(
                    "padId (" + padId + ") must be a token id in [0, vocabSize " + vocabSize + ")");
        }
        if (modelDim % headCount != 0) {
            throw new IllegalArgumentException(
                    "modelDim ("
                            + modelDim
                            + ") must be divisible by headCount ("
                            + headCount
                            + ")");
        }
        if (positions == PositionKind.SINUSOIDAL && modelDim % 2 != 0) {
            throw new IllegalArgumentException(
                    "modelDim (" + modelDim + ") must be even for sinusoidal positions");
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException(
                    "dropout (" + dropout + ") must be at least 0 and below 1");
        }
        if (norm == null || positions == null || tying == null) {
            throw new IllegalArgumentException("norm, positions and tying must be given");
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " (" + value + ") must be positive");
        }
    }

    /** For unit tests and toy tasks: trains in seconds on a CPU. */
    public static TransformerConfig tiny(int vocabSize) {
        return paper(vocabSize, 64, 2, 4, 128, 0.1f);
    }

    /**
     * The plain-PyTorch peer's model (d 256, 3+3 layers, 4 heads, FFN 1024): about 7.6M parameters
     * with an 8k vocabulary.
     */
    public static TransformerConfig small(int vocabSize) {
        return paper(vocabSize, 256, 3, 4, 1024, 0.1f);
    }

    /**
     * Transformer-tiny as published for Multi30k (d 128, 4+4 layers, 4 heads, FFN 256, dropout
     * 0.3): about 2.6M parameters with a 10k vocabulary; small corpora overfit wider models.
     */
    public static TransformerConfig multi30k(int vocabSize) {
        return paper(vocabSize, 128, 4, 4, 256, 0.3f);
    }

    /**
     * The paper's base model (d 512, 6+6 layers, 8 heads, FFN 2048), for corpora over ~1M pairs.
     */
    public static TransformerConfig base(int vocabSize) {
        return paper(vocabSize, 512, 6, 8, 2048, 0.1f);
    }

    /** A preset by name: tiny, small, multi30k or base. */
    public static TransformerConfig preset(String name, int vocabSize) {
        return switch (name) {
            case "tiny" -> tiny(vocabSize);
            case "small" -> small(vocabSize);
            case "multi30k" -> multi30k(vocabSize);
            case "base" -> base(vocabSize);
            default ->
                    throw new IllegalArgumentException(
                            "preset '" + name + "' is not one of tiny, small, multi30k, base");
        };
    }

    private static TransformerConfig paper(
            int vocabSize, int modelDim, int layers, int heads, int ffnDim, float dropout) {
        return new TransformerConfig(
                vocabSize,
                DEFAULT_PAD_ID,
                modelDim,
                layers,
                layers,
                heads,
                ffnDim,
                dropout,
                DEFAULT_MAX_LENGTH,
                Norm.POST,
                PositionKind.SINUSOIDAL,
                EmbeddingTying.ALL);
    }

    /** d_k = d_v = D / H. */
    public int headDim() {
        return modelDim / headCount;
    }

    public TransformerConfig withDropout(float value) {
        return toBuilder().dropout(value).build();
    }

    public TransformerConfig withNorm(Norm value) {
        return toBuilder().norm(value).build();
    }

    public TransformerConfig withPositions(PositionKind value) {
        return toBuilder().positions(value).build();
    }

    public TransformerConfig withTying(EmbeddingTying value) {
        return toBuilder().tying(value).build();
    }

    public TransformerConfig withMaxLength(int value) {
        return toBuilder().maxLength(value).build();
    }

    /** A builder starting from this config, for changing several fields at once. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes fields of a config; {@link #build} validates the result. */
    public static final class Builder {
        private int vocabSize;
        private int padId;
        private int modelDim;
        private int encoderLayerCount;
        private int decoderLayerCount;
        private int headCount;
        private int ffnDim;
        private float dropout;
        private int maxLength;
        private Norm norm;
        private PositionKind positions;
        private EmbeddingTying tying;

        private Builder(TransformerConfig c) {
            vocabSize = c.vocabSize;
            padId = c.padId;
            modelDim = c.modelDim;
            encoderLayerCount = c.encoderLayerCount;
            decoderLayerCount = c.decoderLayerCount;
            headCount = c.headCount;
            ffnDim = c.ffnDim;
            dropout = c.dropout;
            maxLength = c.maxLength;
            norm = c.norm;
            positions = c.positions;
            tying = c.tying;
        }

        public Builder vocabSize(int value) {
            vocabSize = value;
            return this;
        }

        public Builder padId(int value) {
            padId = value;
            return this;
        }

        public Builder modelDim(int value) {
            modelDim = value;
            return this;
        }

        public Builder layerCounts(int encoder, int decoder) {
            encoderLayerCount = encoder;
            decoderLayerCount = decoder;
            return this;
        }

        public Builder headCount(int value) {
            headCount = value;
            return this;
        }

        public Builder ffnDim(int value) {
            ffnDim = value;
            return this;
        }

        public Builder dropout(float value) {
            dropout = value;
            return this;
        }

        public Builder maxLength(int value) {
            maxLength = value;
            return this;
        }

        public Builder norm(Norm value) {
            norm = value;
            return this;
        }

        public Builder positions(PositionKind value) {
            positions = value;
            return this;
        }

        public Builder tying(EmbeddingTying value) {
            tying = value;
            return this;
        }

        public TransformerConfig build() {
            return new TransformerConfig(
                    vocabSize,
                    padId,
                    modelDim,
                    encoderLayerCount,
                    decoderLayerCount,
                    headCount,
                    ffnDim,
                    dropout,
                    maxLength,
                    norm,
                    positions,
                    tying);
        }
    }

    /**
     * The number of trainable parameters a model of this config has, from the architecture alone.
     */
    public long parameterCount() {
        long d = modelDim;
        long attention = 4 * d * d + 4 * d; // Q, K, V and output projections with biases
        long ffn = 2 * d * ffnDim + ffnDim + d;
        long layerNorm = 2 * d;
        long encoderLayer = attention + ffn + 2 * layerNorm;
        long decoderLayer = 2 * attention + ffn + 3 * layerNorm;
        long finalNorms = norm == Norm.PRE ? 2 * layerNorm : 0;
        long positionTables = positions == PositionKind.LEARNED ? 2L * maxLength * d : 0;
        long vocabulary = (long) tying.matrixCount() * vocabSize * d;
        return vocabulary
                + positionTables
                + encoderLayerCount * encoderLayer
                + decoderLayerCount * decoderLayer
                + finalNorms;
    }

    /**
     * The fields in which {@code other} builds a differently shaped model, as {@code "name: this vs
     * other"}; empty when parameters of one fit the other. Dropout is not structural.
     */
    public List<String> structuralDifferences(TransformerConfig other) {
        var out = new ArrayList<String>();
        compare(out, "vocabSize", vocabSize, other.vocabSize);
        compare(out, "padId", padId, other.padId);
        compare(out, "modelDim", modelDim, other.modelDim);
        compare(out, "encoderLayerCount", encoderLayerCount, other.encoderLayerCount);
        compare(out, "decoderLayerCount", decoderLayerCount, other.decoderLayerCount);
        compare(out, "headCount", headCount, other.headCount);
        compare(out, "ffnDim", ffnDim, other.ffnDim);
        compare(out, "norm", norm, other.norm);
        compare(out, "positions", positions, other.positions);
        compare(out, "tying", tying, other.tying);
        if (positions == PositionKind.LEARNED || other.positions == PositionKind.LEARNED) {
            compare(out, "maxLength", maxLength, other.maxLength);
        }
        return out;
    }

    private static void compare(List<String> out, String name, Object mine, Object theirs) {
        if (!mine.equals(theirs)) {
            out.add(name + ": " + mine + " vs " + theirs);
        }
    }
}
