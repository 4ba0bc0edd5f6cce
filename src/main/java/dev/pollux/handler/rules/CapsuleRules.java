package dev.pollux.handler.rules;

import java.util.List;

import dev.pollux.capsule.PolicyKey;

/** A capsule's per-path rules ({@code pollux.capsules[N].rules}), in order: the first whose pattern matches wins. */
public record CapsuleRules(List<CapsuleRule> rules) {

    public static final PolicyKey<CapsuleRules> POLICY = PolicyKey.of("capsule-rules", CapsuleRules.class);

    public CapsuleRules {
        rules = List.copyOf(rules);
    }
}
