package cn.docsearch.ik;

import java.io.IOException;
import java.io.Reader;

import org.apache.lucene.analysis.CharFilter;

import cn.docsearch.text.ScriptFolding;

/**
 * Traditional characters read as simplified ones, before segmentation: IK's dictionary is simplified, so 鄉村振興
 * becomes the word 乡村振兴 and matches a query in either script. One character for one, so offsets need no
 * correction and highlights mark the original characters.
 */
final class ScriptFoldingCharFilter extends CharFilter {

    ScriptFoldingCharFilter(Reader input) {
        super(input);
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int read = input.read(buffer, offset, length);
        if (read > 0) {
            ScriptFolding.foldInPlace(buffer, offset, read);
        }
        return read;
    }

    @Override
    protected int correct(int currentOff) {
        return currentOff;
    }
}
