package cn.docsearch.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived command to completion, its output appended to a log that is quoted on failure. */
final class Commands {
    private Commands() {
    }

    /** @param secrets values in the command (passwords) that the failure's message shows as *** */
    static void run(List<String> command, Map<String, String> env, Path log, Duration timeout, String... secrets)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException("Timed out after " + timeout + ": " + shown(command, secrets) + "\n" + Logs.tail(log));
        }
        if (process.exitValue() != 0) {
            throw new IOException("Exit code " + process.exitValue() + ": " + shown(command, secrets) + "\n" + Logs.tail(log));
        }
    }

    private static String shown(List<String> command, String... secrets) {
        String shown = String.join(" ", command);
        for (String secret : secrets) {
            shown = shown.replace(secret, "***");
        }
        return shown;
    }

    static boolean succeeds(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }
}
