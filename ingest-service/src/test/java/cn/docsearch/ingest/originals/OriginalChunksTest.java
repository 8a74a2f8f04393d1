package cn.docsearch.ingest.originals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cutting an original into chunks and naming them, without Kafka. */
class OriginalChunksTest {
    private static final int CHUNK = 1024;

    @TempDir
    Path dir;

    @Test
    void aFileIsCutIntoFullChunksAndARestThatJoinToItsBytes() throws IOException {
        byte[] bytes = random(2 * CHUNK + 100);
        List<byte[]> chunks = OriginalChunks.read(original(bytes), CHUNK);
        assertThat(chunks).extracting(chunk -> chunk.length).containsExactly(CHUNK, CHUNK, 100);
        assertThat(joined(chunks)).isEqualTo(bytes);
    }

    @Test
    void aFileOfExactlyNChunksHasNoEmptyLastOne() throws IOException {
        assertThat(OriginalChunks.read(original(random(3 * CHUNK)), CHUNK)).hasSize(3);
        assertThat(OriginalChunks.count(3L * CHUNK, CHUNK)).isEqualTo(3);
        assertThat(OriginalChunks.count(3L * CHUNK + 1, CHUNK)).isEqualTo(4);
        assertThat(OriginalChunks.count(1, CHUNK)).isEqualTo(1);
        // the largest file the platform takes, in the default chunks
        assertThat(OriginalChunks.count(52_428_800, 1_048_576)).isEqualTo(50);
    }

    /** The bytes sent must be the bytes hashed at the door: a file that changed since is refused, not half sent. */
    @Test
    void aFileThatChangedSizeSinceItWasUploadedIsNotRead() throws IOException {
        OriginalFile original = original(random(CHUNK + 10));
        Files.write(original.file(), random(CHUNK + 11));
        assertThatThrownBy(() -> OriginalChunks.read(original, CHUNK)).isInstanceOf(IOException.class);
        Files.write(original.file(), random(CHUNK + 9));
        assertThatThrownBy(() -> OriginalChunks.read(original, CHUNK)).isInstanceOf(IOException.class);
    }

    @Test
    void chunksAreKeyedByIdAndIndexAndANewVersionTombstonesOnlyWhatItDoesNotOverwrite() {
        assertThat(OriginalChunks.key("5f1c7a52", 0)).isEqualTo("5f1c7a52/0");
        assertThat(OriginalChunks.leftOver("d", 5, 2)).containsExactly("d/2", "d/3", "d/4");
        assertThat(OriginalChunks.leftOver("d", 2, 5)).isEmpty();
        assertThat(OriginalChunks.leftOver("d", 3, 3)).isEmpty();
        // a deletion or a version without a file: every chunk
        assertThat(OriginalChunks.leftOver("d", 2, 0)).containsExactly("d/0", "d/1");
    }

    @Test
    void anOriginalKnowsItsHashSizeOwnNameAndTheCharsetOfAText() throws IOException {
        Path file = Files.write(dir.resolve("member"), "会议纪要".getBytes(Charset.forName("GBK")));
        OriginalFile text = OriginalFile.of(file, "材料.zip/2024/会议纪要.txt", "text/plain", "GB18030");
        assertThat(text.fileName()).isEqualTo("会议纪要.txt");
        assertThat(text.contentType()).isEqualTo("text/plain; charset=GB18030");
        assertThat(text.size()).isEqualTo(8);
        // sha256sum of the GBK bytes BB E1 D2 E9 BC CD D2 AA
        assertThat(text.sha256()).isEqualTo("a3e130177b584974fd0f071692016c7fa197fd49e5c088e1b0a15f45e30390ca");
        assertThat(OriginalFile.of(file, "a.pdf", "application/pdf", "UTF-8").contentType()).isEqualTo("application/pdf");
    }

    private OriginalFile original(byte[] bytes) throws IOException {
        Path file = Files.write(Files.createTempFile(dir, "original", ".bin"), bytes);
        return OriginalFile.of(file, "upload.bin", "application/octet-stream", null);
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static byte[] joined(List<byte[]> chunks) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            out.write(chunk);
        }
        return out.toByteArray();
    }
}
