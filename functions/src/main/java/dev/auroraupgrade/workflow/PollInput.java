package dev.auroraupgrade.workflow;

/** The polling fields every workflow input takes; {@link PollSettings#from(PollInput, PollSettings)} checks them. */
public interface PollInput {
    /** The older name of {@link #minPollSeconds()}. */
    Integer pollIntervalSeconds();

    Integer minPollSeconds();

    Integer maxPollSeconds();

    Integer maxPollAttempts();

    Integer maxWaitSeconds();
}
