package dev.pollux.capsule;

import java.util.Map;

/** A capsule's compiled policies, one per feature; immutable and shared by every view of the capsule. */
final class CapsulePolicies {

    private final String capsule;
    private final Map<PolicyKey<?>, Object> policies;

    CapsulePolicies(String capsule, Map<PolicyKey<?>, Object> policies) {
        this.capsule = capsule;
        this.policies = Map.copyOf(policies);
    }

    <T> T get(PolicyKey<T> key) {
        Object policy = policies.get(key);
        if (policy == null) {
            throw new IllegalStateException("no " + key + " policy was compiled for the capsule " + capsule);
        }
        return key.cast(policy);
    }

    @Override
    public String toString() {
        return policies.keySet().toString();
    }
}
