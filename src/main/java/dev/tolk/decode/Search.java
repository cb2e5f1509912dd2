package dev.tolk.decode;

import java.util.List;

/** A search strategy over an incremental decoder; strategies hold no per-call state. */
public interface Search {

    /**
     * Translates one batch of sources.
     *
     * @param decoding the call, started on {@code sources}; the caller closes it
     * @param sources source ids, each ending with the end token (for lengths)
     * @return per source, the n best hypotheses, best first
     */
    List<List<Hypothesis>> search(Decoding decoding, List<int[]> sources, SearchSettings settings);

    /** Greedy search for beam size 1, beam search otherwise. */
    static Search of(SearchSettings settings, int bosId, int eosId) {
        return settings.beamSize() == 1
                ? new GreedySearch(bosId, eosId)
                : new BeamSearch(bosId, eosId);
    }
}
