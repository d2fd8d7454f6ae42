package io.primehub.imagebuilder.renderer;

import com.github.mustachejava.MustacheException;
import com.github.mustachejava.reflect.Guard;
import com.github.mustachejava.reflect.MissingWrapper;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import com.github.mustachejava.util.Wrapper;
import java.util.List;

/**
 * Makes a name that the view model cannot resolve an error. mustache.java renders it as empty text, which in
 * a Dockerfile silently drops a base image or a package list.
 */
final class StrictObjectHandler extends ReflectionObjectHandler {

    @Override
    public Wrapper find(String name, List<Object> scopes) {
        try {
            return super.find(name, scopes);
        } catch (UnresolvedName e) {
            throw new MustacheException("\"" + name + "\" is not in the view model, or goes through a package section"
                    + " that is absent because the spec lists no package for it (use {{#pip}}...{{/pip}});"
                    + " the names are baseImage, pipBreakSystemPackages, and apt, conda and pip with packages and items"
                    + " (each with quoted)");
        }
    }

    @Override
    protected MissingWrapper createMissingWrapper(String name, List<Guard> guards) {
        throw new UnresolvedName();
    }

    /** Carries "not found" from deep inside the lookup out to {@link #find}, which knows the whole name. */
    private static final class UnresolvedName extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UnresolvedName() {
            super(null, null, false, false);
        }
    }
}
