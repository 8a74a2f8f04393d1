package cn.docsearch.search.index;

/**
 * An index a pair of stages fills: the live one (searches read it; its stages dead-letter and keep the failure
 * records of the status API) or one being built beside it (its stages only add failures the new index refuses, so
 * that they show once it is live, and leave dead-lettering to the live stages, which see the same events).
 * {@link #vectorsIndex()} is its companion holding the passage vectors.
 */
public record IndexTarget(String index, boolean live) {

    public String vectorsIndex() {
        return IndexManager.vectorsIndexOf(index);
    }
}
