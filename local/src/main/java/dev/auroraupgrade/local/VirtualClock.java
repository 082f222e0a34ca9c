package dev.auroraupgrade.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmarks' clock: the seconds every Wait state has asked for so far (or, in events mode, the shared clock's
 * time), kept by moto_server_patched.py in a file instead of sleeping. Only the benchmarks set it (system property
 * {@value #PROPERTY}).
 */
public final class VirtualClock {
    public static final String PROPERTY = "moto.virtual.clock.file";
    /**
     * "events" (the fleet benchmark): concurrent executions share the clock; each Wait blocks until the clock reaches
     * its end, and the clock moves to the earliest end once every flow waits. Unset: each Wait adds its seconds.
     */
    public static final String MODE_PROPERTY = "moto.virtual.clock.mode";
    private final Path file;

    public VirtualClock(Path file) {
        this.file = file;
    }

    /** Virtual seconds since the clock started. */
    public double now() {
        try {
            String text = Files.exists(file) ? Files.readString(file).trim() : "";
            return text.isEmpty() ? 0 : Double.parseDouble(text);
        } catch (IOException | NumberFormatException e) {
            return 0; // moto replaces the file whole, so this is an unreadable file, not half a value
        }
    }

    /**
     * Events mode: how often the clock moved while a flow still counted as busy since moto started (0 when the
     * accounting held); moto keeps it beside the clock.
     */
    public int stalls() {
        try {
            Path f = file.resolveSibling(file.getFileName() + ".stalls");
            return Files.exists(f) ? Integer.parseInt(Files.readString(f).trim()) : 0;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Starts the clock again at 0. */
    public void reset() {
        try {
            Files.writeString(file, "0");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
