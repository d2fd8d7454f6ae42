package io.primehub.imagebuilder.app.yaml;

import java.util.Objects;
import java.util.Optional;

/**
 * YAML that {@link StrictYaml} refuses. The {@link #reason()} repeats no value of the input (a configuration file may
 * hold a password); the {@link #parserDetail()}, the YAML parser's own words when it failed, may quote the input
 * (escaped), so only a caller whose input is not secret shows it.
 */
public final class StrictYamlException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The reason of text that does not parse as YAML; {@link #line()} and {@link #column()} say where. */
    static final String NOT_YAML = "is not valid YAML";

    private final int line;
    private final int column;
    private final String reason;
    private final String parserDetail;

    StrictYamlException(int line, int column, String reason, Optional<String> parserDetail) {
        super(reason);
        this.line = line;
        this.column = column;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.parserDetail = parserDetail.orElse(null);
    }

    /** The 1-based line of the problem, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** The 1-based column of the problem, or 0 when unknown. */
    public int column() {
        return column;
    }

    /**
     * What is wrong, never a value: {@code is not valid YAML} when the text does not parse (see {@link #line()}), else
     * a sentence that names the line, and the key when there is one.
     */
    public String reason() {
        return reason;
    }

    /** Whether the text does not parse as YAML at all, rather than breaking a rule of {@link StrictYaml}. */
    public boolean notYaml() {
        return NOT_YAML.equals(reason);
    }

    /** The YAML parser's own description, escaped, which may quote the input. */
    public Optional<String> parserDetail() {
        return Optional.ofNullable(parserDetail);
    }
}
