package dev.auroraupgrade.common;

/**
 * The stack's settings a function reads: Lambda environment variables (template.yaml, Globals), or, where no
 * environment is set (the local harness runs handlers in one JVM), system properties of the same name.
 */
public final class Settings {
    private Settings() {
    }

    /** The setting's value, or null when it is unset or blank. */
    public static String get(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            value = System.getProperty(name);
        }
        return value == null || value.isBlank() ? null : value;
    }
}
