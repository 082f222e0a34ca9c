package dev.auroraupgrade.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A Mermaid flowchart of a generated definition, so the picture comes from the same source as the ASL: every state,
 * every Next, each Choice branch with its condition (the loop bounds among them), the failure edges (dotted), Map
 * processors as subgraphs, and the approval task marked where an operator acts.
 */
public final class Diagrams {
    private Diagrams() {
    }

    /** The Markdown page for one workflow: a title, what it does, and the flowchart. */
    public static String page(String title, Workflow workflow) {
        JsonNode definition = workflow.definition();
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n")
                .append(definition.path("Comment").asText()).append("\n\n")
                .append("Generated from the workflow's source by `scripts/generate-statemachines`, like its definition; "
                        + "a test fails when this file differs. Solid arrows: the way on; dotted: a failure caught to "
                        + "the failure tail; rounded boxes: waits; diamonds: choices (each loop's bounds among them).\n\n")
                .append("```mermaid\nflowchart TD\n");
        md.append("  start((start)) --> ").append(id(definition.path("StartAt").asText())).append('\n');
        states(definition.path("States"), md, "  ");
        return md.append("```\n").toString();
    }

    private static void states(JsonNode states, StringBuilder md, String indent) {
        List<String> edges = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            var e = it.next();
            String name = e.getKey();
            JsonNode s = e.getValue();
            String type = s.path("Type").asText();
            if (type.equals("Map")) {
                JsonNode processor = s.path("ItemProcessor");
                md.append(indent).append("subgraph ").append(id(name)).append(" [\"").append(name)
                        .append(": each item, at most maxConcurrency at once\"]\n");
                md.append(indent).append("  ").append(id(name)).append("_in((item)) --> ")
                        .append(id(processor.path("StartAt").asText())).append('\n');
                states(processor.path("States"), md, indent + "  ");
                md.append(indent).append("end\n");
            } else {
                md.append(indent).append(node(name, s)).append('\n');
            }
            String from = id(name);
            if (s.has("Next")) {
                edges.add(from + " --> " + id(s.get("Next").asText()));
            }
            if (s.path("End").asBoolean(false)) {
                edges.add(from + " --> done((end))");
            }
            for (JsonNode c : s.path("Choices")) {
                edges.add(from + " -->|" + label(condition(c)) + "| " + id(c.path("Next").asText()));
            }
            if (s.has("Default")) {
                edges.add(from + " -->|otherwise| " + id(s.get("Default").asText()));
            }
            for (JsonNode c : s.path("Catch")) {
                List<String> errors = new ArrayList<>();
                c.path("ErrorEquals").forEach(x -> errors.add(x.asText()));
                edges.add(from + " -.->|" + label(errors.equals(List.of("States.ALL")) ? "error" : String.join(", ", errors))
                        + "| " + id(c.path("Next").asText()));
            }
        }
        edges.forEach(x -> md.append(indent).append(x).append('\n'));
    }

    private static String node(String name, JsonNode s) {
        String type = s.path("Type").asText();
        String resource = s.path("Resource").asText();
        return switch (type) {
            case "Choice" -> id(name) + "{" + quote(name) + "}";
            case "Wait" -> id(name) + "([" + quote(name) + "])";
            case "Fail" -> id(name) + "[[" + quote(name + ": fails") + "]]";
            case "Pass" -> id(name) + "[/" + quote(name) + "/]";
            default -> id(name) + "[" + quote(resource.endsWith(".waitForTaskToken") ? name + ": waits for an operator"
                    : resource.contains(":states:::states:startExecution") ? name + ": child execution" : name) + "]";
        };
    }

    /** A Choice rule in words: the variable's last part, the test, the value. */
    private static String condition(JsonNode c) {
        if (c.has("And") || c.has("Or")) {
            List<String> parts = new ArrayList<>();
            c.path(c.has("And") ? "And" : "Or").forEach(x -> parts.add(condition(x)));
            return String.join(c.has("And") ? " and " : " or ", parts);
        }
        if (c.has("Not")) {
            return "not " + condition(c.get("Not"));
        }
        String variable = c.path("Variable").asText();
        String last = variable.substring(variable.lastIndexOf('.') + 1);
        for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
            var f = it.next();
            if (!f.getKey().equals("Variable") && !f.getKey().equals("Next")) {
                String value = f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString();
                if (f.getKey().endsWith("Path")) {
                    value = value.substring(value.lastIndexOf('.') + 1);
                }
                return last + " " + operator(f.getKey()) + " " + value;
            }
        }
        return last;
    }

    private static String operator(String test) {
        String t = test.replace("Path", "");
        return switch (t) {
            case "StringEquals", "BooleanEquals", "NumericEquals" -> "=";
            case "NumericGreaterThan" -> ">";
            case "NumericGreaterThanEquals" -> ">=";
            case "NumericLessThan" -> "<";
            case "NumericLessThanEquals" -> "<=";
            case "IsPresent" -> "present:";
            case "IsNull" -> "null:";
            default -> t;
        };
    }

    private static String id(String name) {
        return name.replaceAll("[^A-Za-z0-9_]", "_");
    }

    private static String quote(String text) {
        return "\"" + text.replace("\"", "'") + "\"";
    }

    private static String label(String text) {
        return "\"" + text.replace("\"", "'").replace("|", "/") + "\"";
    }
}
