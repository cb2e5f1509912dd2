package dev.tolk.text;

/**
 * The four special tokens at their fixed ids in vocabularies Tolk learns. They are not Hugging Face
 * "added tokens", so text that happens to contain {@code </s>} is encoded as characters and can
 * never end a sentence early.
 */
public final class SpecialTokens {

    public static final String PAD = "<pad>";
    public static final String BOS = "<s>";
    public static final String EOS = "</s>";
    public static final String UNK = "<unk>";

    public static final int PAD_ID = 0;
    public static final int BOS_ID = 1;
    public static final int EOS_ID = 2;
    public static final int UNK_ID = 3;

    /** In id order. */
    public static final String[] ALL = {PAD, BOS, EOS, UNK};

    private SpecialTokens() {}
}
