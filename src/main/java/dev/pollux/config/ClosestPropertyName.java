package dev.pollux.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;

/**
 * The known property name an unknown one was probably meant to be: {@code pollux.sever.port} is
 * {@code pollux.server.port}, {@code pollux.capsules[0].rooot} is {@code pollux.capsules[0].root}.
 * <p>
 * The name is walked element by element; an element no known name has at that place is replaced by the closest
 * one that is (at most a third of its letters typed wrong, a swap of two neighbours counting as one). Elements
 * are compared in Spring's uniform form, so {@code indexFile}, {@code index-file} and {@code INDEX_FILE} are alike.
 * Below a known map or list the rest of the name is kept as it was. Failing that, a known name with the same last
 * element is suggested: {@code pollux.certificate} is {@code pollux.tls.certificate}.
 */
final class ClosestPropertyName {

    private ClosestPropertyName() {
    }

    static Optional<ConfigurationPropertyName> to(ConfigurationPropertyName unknown, Collection<ConfigurationPropertyName> known) {
        return byElement(unknown, known).or(() -> byLastElement(unknown, known)).filter(candidate -> !candidate.equals(unknown));
    }

    private static Optional<ConfigurationPropertyName> byElement(ConfigurationPropertyName unknown, Collection<ConfigurationPropertyName> known) {
        ConfigurationPropertyName current = null;
        for (int i = 0; i < unknown.getNumberOfElements(); i++) {
            Set<ConfigurationPropertyName> children = new LinkedHashSet<>();
            for (ConfigurationPropertyName name : known) {
                if (name.getNumberOfElements() > i && (current == null || current.isAncestorOf(name))) {
                    children.add(name.chop(i + 1));
                }
            }
            if (children.isEmpty()) {
                // below a map (free-form keys) or a list the processor does not describe: keep the rest as written
                return current != null && known.contains(current) ? Optional.of(current.append(unknown.subName(i))) : Optional.empty();
            }
            String wanted = unknown.getElement(i, Form.UNIFORM);
            Optional<ConfigurationPropertyName> closest = children.stream()
                    .filter(child -> distance(wanted, child.getLastElement(Form.UNIFORM)) <= Math.max(2, wanted.length() / 3))
                    .min(Comparator.comparingInt(child -> distance(wanted, child.getLastElement(Form.UNIFORM))));
            if (closest.isEmpty()) {
                return Optional.empty();
            }
            current = closest.get();
        }
        return Optional.ofNullable(current);
    }

    private static Optional<ConfigurationPropertyName> byLastElement(ConfigurationPropertyName unknown, Collection<ConfigurationPropertyName> known) {
        String last = unknown.getLastElement(Form.UNIFORM);
        return known.stream()
                .filter(name -> !name.isLastElementIndexed() && name.getLastElement(Form.UNIFORM).equals(last))
                .max(Comparator.comparingInt(name -> commonElements(name, unknown)));
    }

    private static int commonElements(ConfigurationPropertyName a, ConfigurationPropertyName b) {
        int common = 0;
        while (common < Math.min(a.getNumberOfElements(), b.getNumberOfElements())
                && a.getElement(common, Form.UNIFORM).equals(b.getElement(common, Form.UNIFORM))) {
            common++;
        }
        return common;
    }

    /** Edits (insert, delete, replace, or swap two neighbours) that turn {@code a} into {@code b}: the optimal string alignment distance. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
