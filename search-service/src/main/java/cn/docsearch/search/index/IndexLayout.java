package cn.docsearch.search.index;

import java.util.List;
import java.util.Optional;

/**
 * Which concrete indexes stand behind the alias right now, as Elasticsearch's aliases record it (so every instance
 * reads the same answer): the live one searches read, the one being rebuilt beside it, and retired ones waiting to
 * be deleted.
 */
public record IndexLayout(String live, Optional<String> building, List<String> retired) {
}
