package dev.auroraupgrade.bluegreen;

import java.util.List;

/** The named Error and Cause a failed Blue/Green run ends with, and what the abort deleted. */
public record BlueGreenFailureReport(String error, String cause, List<String> deletedResources) {
}
