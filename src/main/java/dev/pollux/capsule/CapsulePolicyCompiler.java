package dev.pollux.capsule;

/**
 * Compiles one feature's policy for each capsule, once, at startup (a bean of the feature's own
 * configuration). A setting that cannot work throws {@link dev.pollux.config.InvalidConfigurationException}
 * naming it under {@link CapsuleSource#prefix()}. The policy must be immutable: every subdomain of a
 * wildcard capsule shares it, budgets and all.
 */
public interface CapsulePolicyCompiler<T> {

    PolicyKey<T> key();

    T compile(CapsuleSource capsule);
}
