package dev.pollux.handler.rules;

import java.util.regex.Pattern;

/**
 * A compiled per-path rule: a pattern that must match the whole canonical path, and one action.
 *
 * @param target    the redirect target (with {@code $n}/{@code ${name}} references), for {@link Action#REDIRECT}
 * @param mimeType  override for {@link Action#OVERRIDE}, or null to keep the type
 * @param lang      override for {@link Action#OVERRIDE}, or null
 * @param charset   override for {@link Action#OVERRIDE}, or null
 */
public record CapsuleRule(Pattern pattern, Action action, String target, boolean permanent, String mimeType, String lang, String charset) {

    public enum Action { REDIRECT, GONE, HIDDEN, OVERRIDE }
}
