package dev.auroraupgrade.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The replay benchmark's clock: the seconds every Wait state has asked for so far, kept by moto_server_patched.py
 * in a file instead of sleeping. Only the benchmark sets it (system property {@value #PROPERTY}).
 */
public final class VirtualClock {
    public static final String PROPERTY = "moto.virtual.clock.file";
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
            return 0; // read while moto writes it: the next read sees the value
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
