package io.orderflow.e2e;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the metric names a PromQL expression reads: every identifier that is not a function, a keyword, a label
 * name in a {@code by}/{@code without}/{@code on}/{@code ignoring}/{@code group_*} clause or inside a selector's
 * braces, a duration or a Grafana variable. Good enough for the dashboard's and the alert rules' expressions, which
 * use no metric names inside strings.
 */
final class PromQlMetricNames {

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern SELECTOR_BRACES = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_CLAUSES = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern GRAFANA_VARIABLES = Pattern.compile("\\$\\{?\\w+}?");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN");

    private PromQlMetricNames() {
    }

    /** Returns the metric names {@code expression} reads. */
    static Set<String> in(String expression) {
        String stripped = STRINGS.matcher(expression).replaceAll("\"\"");
        stripped = SELECTOR_BRACES.matcher(stripped).replaceAll(" ");
        stripped = RANGES.matcher(stripped).replaceAll(" ");
        stripped = LABEL_CLAUSES.matcher(stripped).replaceAll(" ");
        stripped = GRAFANA_VARIABLES.matcher(stripped).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(stripped);
        while (identifier.find()) {
            boolean isFunction = identifier.group(2) != null;
            String name = identifier.group(1);
            if (!isFunction && !KEYWORDS.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
