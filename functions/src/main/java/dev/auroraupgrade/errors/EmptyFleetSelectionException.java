package dev.auroraupgrade.errors;

/** The fleet's selector matched no cluster (or only clusters this tool created): there is nothing to run. */
public class EmptyFleetSelectionException extends OrchestratorException {
    public EmptyFleetSelectionException(String message) {
        super(message);
    }
}
