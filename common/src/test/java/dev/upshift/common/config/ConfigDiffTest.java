package dev.upshift.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDiffTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void listsEachChangedSettingByItsPathWithBothValues() throws Exception {
        JsonNode a = YAML.readTree("guardrails: {cooldown: P30D, newAccountGrace: P14D}\nholdout: {fraction: 0.1}\nsignals: {featureGate: {eventTypes: [feature_gate]}}");
        JsonNode b = YAML.readTree("guardrails: {cooldown: P45D, newAccountGrace: P14D}\nholdout: {fraction: 0.10, salt: s2}\n"
                + "signals: {featureGate: {eventTypes: [feature_gate, paywall]}}");

        assertThat(ConfigDiff.between(a, b)).containsExactly(
                new ConfigDiff.Change("guardrails.cooldown", "P30D", "P45D"),
                new ConfigDiff.Change("holdout.salt", ConfigDiff.NOT_SET, "s2"),
                new ConfigDiff.Change("signals.featureGate.eventTypes", "[\"feature_gate\"]", "[\"feature_gate\",\"paywall\"]"));
    }

    @Test
    void comparesWhatTheFilesAmountToWithTheDefaultsFilledIn(@TempDir Path dir) throws Exception {
        Path explicit = dir.resolve("explicit.yaml");
        Files.writeString(explicit, "guardrails: {cooldown: P30D}\n");

        assertThat(ConfigDiff.between(ConfigLoader.effectiveTree(null), ConfigLoader.effectiveTree(explicit))).isEmpty();
    }
}
