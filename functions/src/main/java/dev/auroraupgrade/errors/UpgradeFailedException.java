package dev.auroraupgrade.errors;

/** The major version upgrade did not take effect (for example failed prechecks). */
public class UpgradeFailedException extends OrchestratorException {
    public UpgradeFailedException(String message) {
        super(message);
    }
}
