package dev.tolk.model;

import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A V×D table of token vectors (paper section 3.4), DJL's {@link Embedding} over integer token ids:
 * an id is its own row. With tied embeddings the same {@link #weight()} is also the output
 * projection.
 *
 * <p>Input (B, L) ids of type int64 or int32; output (B, L, D).
 */
public final class TokenEmbedding extends Embedding<Integer> {

    TokenEmbedding(int vocabSize, int modelDim) {
        super(
                new Builder()
                        .setEmbeddingSize(modelDim)
                        .optNumEmbeddings(vocabSize)
                        .optUseDefault(false));
    }

    /** The (V, D) weight, registered in this block only. */
    Parameter weight() {
        return embedding;
    }

    int vocabSize() {
        return numEmbeddings;
    }

    @Override
    public byte[] encode(Integer input) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(input).array();
    }

    @Override
    public Integer decode(byte[] byteArray) {
        return ByteBuffer.wrap(byteArray).getInt();
    }

    @Override
    public boolean hasItem(Integer item) {
        return item != null && item >= 0 && item < numEmbeddings;
    }

    @Override
    public long embed(Integer item) {
        if (!hasItem(item)) {
            throw new IllegalArgumentException(
                    "token id " + item + " is outside the vocabulary [0, " + numEmbeddings + ")");
        }
        return item;
    }

    @Override
    public Optional<Integer> unembed(long index) {
        return index >= 0 && index < numEmbeddings ? Optional.of((int) index) : Optional.empty();
    }

    private static final class Builder extends BaseBuilder<Integer, Builder> {
        Builder() {
            embeddingType = Integer.class;
        }

        @Override
        protected Builder setType(Class<Integer> type) {
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
