package dev.pollux.capsule;

/**
 * Names one feature's per-capsule policy and its type, so the feature reads back what its
 * {@link CapsulePolicyCompiler} compiled: {@code exchange.capsule().policy(CgiSettings.POLICY)}.
 * Keys are compared by identity: declare each once, as a constant of the feature.
 */
public final class PolicyKey<T> {

    private final String name;
    private final Class<T> type;

    private PolicyKey(String name, Class<T> type) {
        this.name = name;
        this.type = type;
    }

    public static <T> PolicyKey<T> of(String name, Class<T> type) {
        return new PolicyKey<>(name, type);
    }

    T cast(Object policy) {
        return type.cast(policy);
    }

    @Override
    public String toString() {
        return name;
    }
}
