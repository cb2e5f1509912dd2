package dev.tolk.document;

/** A run held in memory: a line of a text file, or a run a test makes. */
public final class StringRun implements TextRun {

    private String text;
    private final Object style;

    /**
     * @param style equal styles merge with their neighbours; a fresh {@code Object} never does
     */
    public StringRun(String text, Object style) {
        this.text = text;
        this.style = style;
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public void text(String text) {
        this.text = text;
    }

    @Override
    public Object style() {
        return style;
    }
}
