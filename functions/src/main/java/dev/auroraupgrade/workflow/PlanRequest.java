package dev.auroraupgrade.workflow;

/** An event that carries a workflow's plan (the output of its pre-flight). */
public interface PlanRequest<P> {
    P plan();
}
