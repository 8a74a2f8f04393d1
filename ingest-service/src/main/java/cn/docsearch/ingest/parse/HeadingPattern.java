package cn.docsearch.ingest.parse;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbering styles of Chinese reports and speeches, outermost first. Their rank orders them when
 * a document mixes styles: 第一章 > 第一节 > 一、 > （一） > 1. > (1) > 一是/第一是.
 */
enum HeadingPattern {
    CHAPTER(0, "^第[一二三四五六七八九十百零〇两\\d]+章"),
    SECTION(1, "^第[一二三四五六七八九十百零〇两\\d]+节"),
    CHINESE_NUMBER(2, "^[一二三四五六七八九十]+、"),
    PARENTHESISED_CHINESE_NUMBER(3, "^[（(][一二三四五六七八九十]+[）)]"),
    ARABIC_NUMBER(4, "^\\d{1,2}[.．、](?![\\d.．])"),
    PARENTHESISED_ARABIC_NUMBER(5, "^[（(]\\d{1,2}[）)]"),
    ENUMERATED_POINT(6, "^第?[一二三四五六七八九十]+是");

    /** A numbered line is a heading only if its lead clause is this short. */
    static final int MAX_HEADING_CHARS = 60;
    private static final Pattern CLAUSE_END = Pattern.compile("[。！？；：!?;:]");

    private final int rank;
    private final Pattern marker;

    HeadingPattern(int rank, String marker) {
        this.rank = rank;
        this.marker = Pattern.compile(marker);
    }

    /**
     * A recognised heading: its rank, its text, the punctuation that ended it and the rest of the line
     * (the start of its first paragraph); separator and remainder are empty for a heading on its own line.
     */
    record Match(int rank, String heading, String separator, String remainder) {
    }

    static Optional<Match> match(String line) {
        for (HeadingPattern pattern : List.of(values())) {
            Matcher matcher = pattern.marker.matcher(line);
            if (matcher.find() && matcher.end() < line.length()) {
                Matcher clauseEnd = CLAUSE_END.matcher(line);
                if (clauseEnd.find(matcher.end()) && clauseEnd.start() <= MAX_HEADING_CHARS) {
                    if (clauseEnd.end() >= line.strip().length()) {
                        return Optional.empty(); // one numbered sentence: a point in a list, not a heading
                    }
                    return Optional.of(new Match(pattern.rank, line.substring(0, clauseEnd.start()).strip(),
                            clauseEnd.group(), line.substring(clauseEnd.end()).strip()));
                }
                if (line.length() <= MAX_HEADING_CHARS && !CLAUSE_END.matcher(line).find(matcher.end())) {
                    return Optional.of(new Match(pattern.rank, line.strip(), "", ""));
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
