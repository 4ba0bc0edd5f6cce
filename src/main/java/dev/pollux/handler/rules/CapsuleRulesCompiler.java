package dev.pollux.handler.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.pollux.capsule.CapsulePolicyCompiler;
import dev.pollux.capsule.CapsuleSource;
import dev.pollux.capsule.PolicyKey;
import dev.pollux.config.CapsuleRuleProperties;
import dev.pollux.config.InvalidConfigurationException;

/** Compiles each capsule's {@code rules}, refusing at startup what could only fail later. */
final class CapsuleRulesCompiler implements CapsulePolicyCompiler<CapsuleRules> {

    private static final Pattern GROUP_REFERENCE = Pattern.compile("\\$(\\d)");
    private static final Pattern SAFE_PARAMETER = Pattern.compile("[A-Za-z0-9._,-]+");
    private static final Pattern MEDIA_TYPE = Pattern.compile("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+");

    @Override
    public PolicyKey<CapsuleRules> key() {
        return CapsuleRules.POLICY;
    }

    @Override
    public CapsuleRules compile(CapsuleSource capsule) {
        List<CapsuleRule> rules = new ArrayList<>();
        for (int i = 0; i < capsule.properties().rules().size(); i++) {
            rules.add(compile(capsule.prefix() + ".rules[" + i + "]", capsule.properties().rules().get(i)));
        }
        return new CapsuleRules(rules);
    }

    private static CapsuleRule compile(String prefix, CapsuleRuleProperties rule) {
        if (rule.path() == null || rule.path().isBlank()) {
            throw new InvalidConfigurationException(prefix + ".path", "a rule needs a path pattern");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(rule.path());
        } catch (PatternSyntaxException e) {
            throw new InvalidConfigurationException(prefix + ".path", "'" + rule.path() + "' is not a valid regular expression: " + e.getDescription());
        }
        boolean override = rule.mimeType() != null || rule.lang() != null || rule.charset() != null;
        int actions = (rule.redirect() != null ? 1 : 0) + (rule.gone() ? 1 : 0) + (rule.hidden() ? 1 : 0) + (override ? 1 : 0);
        if (actions != 1) {
            throw new InvalidConfigurationException(prefix, "a rule needs exactly one of redirect, gone, hidden, or mime-type/lang/charset");
        }
        if (rule.redirect() != null) {
            checkGroupReferences(prefix + ".redirect", rule.redirect(), pattern);
            if (rule.redirect().indexOf('\r') >= 0 || rule.redirect().indexOf('\n') >= 0 || rule.redirect().isBlank()) {
                throw new InvalidConfigurationException(prefix + ".redirect", "must be a URL on one line");
            }
            return new CapsuleRule(pattern, CapsuleRule.Action.REDIRECT, rule.redirect(), rule.permanent(), null, null, null);
        }
        if (rule.gone()) {
            return new CapsuleRule(pattern, CapsuleRule.Action.GONE, null, false, null, null, null);
        }
        if (rule.hidden()) {
            return new CapsuleRule(pattern, CapsuleRule.Action.HIDDEN, null, false, null, null, null);
        }
        check(prefix + ".mime-type", rule.mimeType(), MEDIA_TYPE);
        check(prefix + ".lang", rule.lang(), SAFE_PARAMETER);
        check(prefix + ".charset", rule.charset(), SAFE_PARAMETER);
        return new CapsuleRule(pattern, CapsuleRule.Action.OVERRIDE, null, false, rule.mimeType(), rule.lang(), rule.charset());
    }

    private static void checkGroupReferences(String property, String target, Pattern pattern) {
        int groups = pattern.matcher("").groupCount();
        Matcher reference = GROUP_REFERENCE.matcher(target);
        while (reference.find()) {
            if (Integer.parseInt(reference.group(1)) > groups) {
                throw new InvalidConfigurationException(property, "refers to group $" + reference.group(1) + " but the path pattern has " + groups);
            }
        }
    }

    private static void check(String property, String value, Pattern allowed) {
        if (value != null && !allowed.matcher(value).matches()) {
            throw new InvalidConfigurationException(property, "'" + value + "' is not allowed here");
        }
    }
}
