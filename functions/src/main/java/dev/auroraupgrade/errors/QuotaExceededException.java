package dev.auroraupgrade.errors;

/** The run would need more DB clusters or instances than the account's RDS quota in the Region leaves. */
public class QuotaExceededException extends OrchestratorException {
    public QuotaExceededException(String message) {
        super(message);
    }
}
