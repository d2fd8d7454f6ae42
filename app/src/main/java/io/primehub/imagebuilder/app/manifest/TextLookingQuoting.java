package io.primehub.imagebuilder.app.manifest;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Quotes every string that a YAML reader would take for something else. Jackson's own check misses some: YAML 1.1
 * (kubectl's) reads {@code 1:30} as the number 90 and {@code 2026-11-27} as a date, and YAML 1.2 reads {@code 0o17} as
 * 15. A string is written plain only when snakeyaml's YAML 1.1 resolver and the YAML 1.2 core schema both call it a
 * string (and it is not {@code =}).
 */
final class TextLookingQuoting extends StringQuotingChecker.Default {

    private static final long serialVersionUID = 1L;

    private static final Resolver YAML_1_1 = new Resolver();
    /** The YAML 1.2 core schema's null, boolean, integer and float forms, and {@code =}, which PyYAML takes for a tag. */
    private static final Pattern OTHER_READERS_NOT_TEXT =
            Pattern.compile("=|null|Null|NULL|~|true|True|TRUE|false|False|FALSE"
                    + "|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
                    + "|[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

    @Override
    public boolean needToQuoteValue(String value) {
        return super.needToQuoteValue(value) || readAsOtherThanText(value);
    }

    @Override
    public boolean needToQuoteName(String name) {
        return super.needToQuoteName(name) || readAsOtherThanText(name);
    }

    static boolean readAsOtherThanText(String value) {
        return !Tag.STR.equals(YAML_1_1.resolve(NodeId.scalar, value, true))
                || OTHER_READERS_NOT_TEXT.matcher(value).matches();
    }
}
