package io.primehub.imagebuilder.renderer;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheResolver;
import java.io.IOException;
import java.io.Writer;

/** A mustache.java factory for Dockerfiles: values are written as they are, and unknown names are errors. */
final class DockerfileMustacheFactory extends DefaultMustacheFactory {

    DockerfileMustacheFactory(MustacheResolver resolver) {
        super(resolver);
        this.oh = new StrictObjectHandler();
    }

    /**
     * A Dockerfile is not HTML: the default would write the {@code >} and {@code =} of {@code numpy>=1.26} as HTML
     * entities.
     * What keeps a value harmless is validation and shell quoting, done before a value reaches the template.
     */
    @Override
    public void encode(String value, Writer writer) {
        try {
            writer.write(value);
        } catch (IOException e) {
            throw new MustacheException("cannot write the rendered Dockerfile", e);
        }
    }
}
