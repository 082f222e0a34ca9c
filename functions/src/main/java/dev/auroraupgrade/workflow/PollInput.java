package dev.auroraupgrade.workflow;

/** The polling fields every workflow input takes; {@link PollSettings#from(PollInput, PollSettings)} checks them. */
public interface PollInput {
    /** Older: a check every that many seconds (alone), or the floor {@link #minPollSeconds()} with maxPollSeconds. */
    Integer pollIntervalSeconds();

    Integer minPollSeconds();

    Integer maxPollSeconds();

    Integer maxPollAttempts();

    Integer maxWaitSeconds();
}
