package dev.auroraupgrade.workflow;

/** A readiness check's input: how many checks its Wait/Check/Choice loop has made so far (null before the first). */
public interface PollRequest {
    Integer attempt();
}
