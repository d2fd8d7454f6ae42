package io.primehub.imagebuilder.renderer;

import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheNotFoundException;
import com.github.mustachejava.TemplateContext;

/**
 * A Dockerfile template that cannot be used: it does not parse, names a variable the view model lacks, or
 * cannot be read. The message names the template file and, when mustache.java knows it, the line.
 */
public final class DockerfileTemplateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String template;
    private final int line;

    DockerfileTemplateException(String template, int line, String reason, Throwable cause) {
        super(describe(template, line, reason), cause);
        this.template = template;
        this.line = line;
    }

    /** The template file (or classpath resource) at fault. */
    public String template() {
        return template;
    }

    /** The line at fault, counted from 1; 0 when it is not known. */
    public int line() {
        return line;
    }

    /**
     * Translates mustache.java's error. The innermost {@link MustacheException} that knows its place is the
     * most precise: a parse error carries it directly, a render error wraps the object handler's.
     */
    static DockerfileTemplateException from(String template, MustacheException error) {
        if (error instanceof MustacheNotFoundException notFound) {
            return new DockerfileTemplateException(
                    template, 0, "cannot find the template \"" + notFound.getName() + "\"", error);
        }
        MustacheException precise = error;
        for (Throwable t = error.getCause(); t != null; t = t.getCause()) {
            if (t instanceof MustacheException inner && inner.getContext() != null) {
                precise = inner;
            }
        }
        TemplateContext context = precise.getContext();
        if (context == null) {
            return new DockerfileTemplateException(template, 0, precise.getMessage(), error);
        }
        return new DockerfileTemplateException(
                context.file(), context.line(), withoutPlace(precise.getMessage(), context), error);
    }

    // MustacheException appends " @[file:line]" to its message; the file and line are said once, up front.
    private static String withoutPlace(String message, TemplateContext context) {
        String place = " @" + context;
        return message.endsWith(place) ? message.substring(0, message.length() - place.length()) : message;
    }

    private static String describe(String template, int line, String reason) {
        return "Dockerfile template " + template + (line > 0 ? ", line " + line : "") + ": " + reason;
    }
}
