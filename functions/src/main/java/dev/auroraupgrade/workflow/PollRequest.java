package dev.auroraupgrade.workflow;

/** A readiness check's input: where its Wait/Check/Choice loop stands (null in a hand-made event: the first check). */
public interface PollRequest {
    LoopPosition loop();
}
