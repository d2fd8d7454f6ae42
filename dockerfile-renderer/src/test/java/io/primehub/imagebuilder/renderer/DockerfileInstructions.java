package io.primehub.imagebuilder.renderer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits a Dockerfile into instructions the way Docker's parser does for the constructs our templates use. */
final class DockerfileInstructions {

    /** One instruction: its keyword in upper case and the rest of its (joined) line. */
    record Instruction(String keyword, String arguments) {}

    private DockerfileInstructions() {}

    /**
     * Comment lines and blank lines are skipped, also inside a continued instruction; a line ending in a
     * backslash continues on the next line, the backslash and line break removed.
     */
    static List<Instruction> parse(String dockerfile) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : dockerfile.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1);
                continue;
            }
            pending.append(line);
            String text = pending.toString().strip();
            pending.setLength(0);
            int space = text.indexOf(' ');
            instructions.add(
                    new Instruction(text.substring(0, space).toUpperCase(Locale.ROOT), text.substring(space + 1)));
        }
        if (pending.length() > 0) {
            throw new IllegalArgumentException("the Dockerfile ends inside a continued instruction: " + pending);
        }
        return instructions;
    }

    static List<String> runCommands(String dockerfile) {
        return parse(dockerfile).stream()
                .filter(i -> i.keyword().equals("RUN"))
                .map(Instruction::arguments)
                .toList();
    }
}
