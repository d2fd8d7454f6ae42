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

    /** What is wrong and where (the line, and the key when there is one); never a value. */
    public String reason() {
        return reason;
    }

    /** The YAML parser's own description, escaped, which may quote the input. */
    public Optional<String> parserDetail() {
        return Optional.ofNullable(parserDetail);
    }
}
