package cn.docsearch.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessTest {

    /** A process that only takes documents in runs below the others: its own niceness and, under autogroup, its session's. */
    @Test
    void aDetachedProcessRunsAtItsNicenessInASchedulerGroupOfItsOwn(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux only");
        String marker = dir.resolve("marker").toString();
        Path ownGroup = Path.of("/proc/self/autogroup");
        String ownGroupBefore = Files.exists(ownGroup) ? Files.readString(ownGroup) : null;
        ManagedProcess process = new ManagedProcess("background", dir.resolve("p.pid"), dir.resolve("p.log"), marker, 7);
        try {
            process.startDetached(List.of("sh", "-c", "while :; do sleep 1; done", marker), Map.of());
            long pid = process.running().orElseThrow().pid();

            // setsid, then nice, run in the process before they exec the command: read it once they have
            Path command = Path.of("/proc", Long.toString(pid), "comm");
            for (int wait = 0; wait < 500 && !Files.readString(command).trim().equals("sh"); wait++) {
                Thread.sleep(10);
            }
            String[] fields = stat(pid);
            assertThat(fields[3]).as("its own session").isEqualTo(Long.toString(pid));
            assertThat(fields[16]).as("its niceness").isEqualTo("7");
            if (ownGroupBefore != null) {
                assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "autogroup"))).endsWith("nice 7\n");
                assertThat(Files.readString(ownGroup)).as("the launcher's own group is left as it was").isEqualTo(ownGroupBefore);
            }
        } finally {
            process.stop();
        }
    }

    /** The fields of /proc/pid/stat after the command's name: state, parent, group, session, ..., niceness at 16. */
    private static String[] stat(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    @Test
    void aNicenessOutsideWhatTheSchedulerKnowsIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> new ManagedProcess("p", dir.resolve("p.pid"), dir.resolve("p.log"), "m", 20))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ManagedProcess("p", dir.resolve("p.pid"), dir.resolve("p.log"), "m", -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
