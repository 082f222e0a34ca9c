package dev.auroraupgrade.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the local run takes from template.yaml, so the template stays the one place that says which handler
 * class serves which function and which function each state machine placeholder invokes.
 */
public record SamTemplate(Map<String, String> handlers, Map<String, StateMachine> stateMachines,
                          Map<String, String> resourceTypes, Map<String, String> environment,
                          Map<String, Integer> memorySizeMb) {
    static final String ACCOUNT = "123456789012";

    /**
     * A "!Sub" text (read as plain text) resolved for the local account and region, template parameters at their
     * defaults.
     */
    static String resolve(String text, Map<String, String> parameterDefaults) {
        String out = text.replace("${AWS::Partition}", "aws").replace("${AWS::Region}", LocalStepFunctions.REGION)
                .replace("${AWS::AccountId}", ACCOUNT);
        for (var p : parameterDefaults.entrySet()) {
            out = out.replace("${" + p.getKey() + "}", p.getValue());
        }
        return out;
    }

    /** Every template parameter's default value. */
    static Map<String, String> parameterDefaults(JsonNode template) {
        Map<String, String> defaults = new LinkedHashMap<>();
        template.path("Parameters").fields().forEachRemaining(p -> {
            if (p.getValue().has("Default")) {
                defaults.put(p.getKey(), p.getValue().path("Default").asText());
            }
        });
        return defaults;
    }

    /** A state machine: its definition file and, per ${placeholder}, the logical id of the resource it names. */
    public record StateMachine(String logicalId, Path definition, Map<String, String> substitutions) {
        /** The definition with every ${...} placeholder replaced by the local ARN of its resource. */
        public String localDefinition(java.util.function.UnaryOperator<String> arnOfResource) {
            try {
                String text = Files.readString(definition);
                for (var e : substitutions.entrySet()) {
                    text = text.replace("${" + e.getKey() + "}", arnOfResource.apply(e.getValue()));
                }
                return text;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static String functionArn(String region, String account, String functionLogicalId) {
        return "arn:aws:lambda:" + region + ":" + account + ":function:" + functionLogicalId + ":live";
    }

    public static SamTemplate load(Path root) {
        JsonNode template;
        try {
            template = new YAMLMapper().readTree(root.resolve("template.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template.yaml under " + root, e);
        }
        JsonNode resources = template.path("Resources");
        Map<String, String> defaults = parameterDefaults(template);
        // The functions' environment (Globals), as Lambda would set it for this stack.
        Map<String, String> environment = new LinkedHashMap<>();
        template.path("Globals").path("Function").path("Environment").path("Variables").fields().forEachRemaining(v ->
                environment.put(v.getKey(), resolve(v.getValue().asText(), defaults)));
        Map<String, String> handlers = new LinkedHashMap<>();
        // Each function's memory: its own MemorySize, else Globals', else Lambda's default of 128 MB.
        int globalMemory = template.path("Globals").path("Function").path("MemorySize").asInt(128);
        Map<String, Integer> memory = new LinkedHashMap<>();
        Map<String, StateMachine> machines = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        resources.fields().forEachRemaining(entry -> {
            types.put(entry.getKey(), entry.getValue().path("Type").asText());
            JsonNode props = entry.getValue().path("Properties");
            switch (entry.getValue().path("Type").asText()) {
                case "AWS::Serverless::Function" -> {
                    handlers.put(entry.getKey(), props.path("Handler").asText());
                    memory.put(entry.getKey(), props.path("MemorySize").asInt(globalMemory));
                }
                case "AWS::Serverless::StateMachine" -> {
                    Map<String, String> subs = new LinkedHashMap<>();
                    // "!Ref FooFunction.Alias" reads as the plain text "FooFunction.Alias".
                    props.path("DefinitionSubstitutions").fields().forEachRemaining(s ->
                            subs.put(s.getKey(), s.getValue().asText().replaceFirst("\\.(Alias|Arn)$", "")));
                    machines.put(entry.getKey(), new StateMachine(entry.getKey(),
                            root.resolve(props.path("DefinitionUri").asText()), subs));
                }
                default -> { }
            }
        });
        return new SamTemplate(handlers, machines, types, environment, memory);
    }
}
