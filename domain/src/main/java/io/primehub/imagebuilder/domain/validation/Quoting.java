package io.primehub.imagebuilder.domain.validation;

/**
 * Prints user input inside messages so that it can neither forge lines nor hide characters. Public for the adapters
 * and the command line, which echo configuration and manifest text in their own messages.
 */
public final class Quoting {

    static final int MAX_SHOWN = 80;

    private Quoting() {}

    /**
     * The value in double quotes, with control and non-ASCII characters escaped as {@code \n} or
     * {@code \}{@code u2028}, so that a look-alike letter shows as what it is; cut after {@value #MAX_SHOWN}
     * characters with the full length noted.
     */
    public static String forMessage(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        int shown = Math.min(value.length(), MAX_SHOWN);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
        if (value.length() > MAX_SHOWN) {
            out.append("... (").append(value.length()).append(" characters)");
        }
        return out.toString();
    }
}
