package dev.auroraupgrade.local;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** A moto_server process started for this run, told to send Lambda (and other task) calls to our endpoint. */
public final class MotoServer implements AutoCloseable {
    /** Waits of at least this many seconds return at once (the tests set it: a Wait of hours costs no real time). */
    public static final String SKIP_WAITS_PROPERTY = "moto.skip.waits.from.seconds";
    /** Waits of at most this many seconds return at once too (the tests: their polling Waits of a second). */
    public static final String SKIP_SHORT_WAITS_PROPERTY = "moto.skip.waits.up.to.seconds";
    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static MotoServer start(int port, int lambdaPort, Path log) throws IOException {
        // moto_server with the two Step Functions fixes of moto_server_patched.py, run by moto's own Python.
        Path script = log.resolveSibling("moto_server_patched.py");
        try (var in = MotoServer.class.getResourceAsStream("/moto_server_patched.py")) {
            java.nio.file.Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        ProcessBuilder pb = new ProcessBuilder(motoPython(), script.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port));
        pb.environment().put("MOTO_PORT", String.valueOf(lambdaPort));
        String clock = System.getProperty(VirtualClock.PROPERTY);
        if (clock != null) {
            pb.environment().put("MOTO_VIRTUAL_CLOCK_FILE", clock); // the replay benchmark: Wait states do not sleep
            if (System.getProperty(VirtualClock.MODE_PROPERTY) != null) {
                pb.environment().put("MOTO_VIRTUAL_CLOCK_MODE", System.getProperty(VirtualClock.MODE_PROPERTY));
                // The fleet benchmark keeps every configuration's clusters and snapshots (a migration keeps its
                // snapshot): beyond moto's 1,000 cluster snapshots, which it counts with the automated ones.
                pb.environment().put("MOTO_RDS_SNAPSHOT_LIMIT", "100000");
            }
        }
        String skip = System.getProperty(SKIP_WAITS_PROPERTY);
        if (clock == null && skip != null) {
            pb.environment().put("MOTO_SKIP_WAITS_FROM_SECONDS", skip); // the tests: an hour's Wait costs no time
            pb.environment().put("MOTO_SKIP_WAITS_UP_TO_SECONDS", System.getProperty(SKIP_SHORT_WAITS_PROPERTY, "-1"));
        }
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot start moto_server with " + motoPython() + " (scripts/setup installs the pinned moto into .venv)", e);
        }
        MotoServer server = new MotoServer(p, URI.create("http://127.0.0.1:" + port));
        server.awaitReady(Duration.ofSeconds(30), log);
        return server;
    }

    /**
     * The project's .venv Python (scripts/setup installs the pinned moto the fixes are written for), else the
     * interpreter of the moto_server on PATH (its script's #! line), so the fixes load into that moto.
     */
    static String motoPython() {
        Path venv = Path.of(System.getProperty("project.root", "."), ".venv", "bin", "python");
        if (java.nio.file.Files.isExecutable(venv)) {
            return venv.toAbsolutePath().normalize().toString();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "moto_server");
            if (java.nio.file.Files.isRegularFile(candidate)) {
                try (var lines = java.nio.file.Files.lines(candidate)) {
                    String first = lines.findFirst().orElse("");
                    if (first.startsWith("#!") && !first.contains(" ")) {
                        return first.substring(2).trim();
                    }
                } catch (IOException | java.io.UncheckedIOException e) {
                    break;
                }
            }
        }
        return "python3";
    }

    public URI endpoint() {
        return endpoint;
    }

    private void awaitReady(Duration timeout, Path log) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("moto_server exited with " + process.exitValue() + "; see " + log);
            }
            if (isUp(endpoint)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for moto_server", e);
            }
        }
        close();
        throw new IOException("moto_server did not answer within " + timeout.toSeconds() + " s; see " + log);
    }

    /** True when an emulator answers at the endpoint. */
    public static boolean isUp(URI endpoint) {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            int code = c.getResponseCode();
            c.disconnect();
            return code > 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
