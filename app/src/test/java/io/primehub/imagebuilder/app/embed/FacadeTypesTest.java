package io.primehub.imagebuilder.app.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A service that embeds the image builder sees the facade's types, the domain's and the JDK's, and no adapter's: an
 * adapter's resource types may change with its client library, and the facade must not change with them.
 */
class FacadeTypesTest {

    private static final List<String> ADAPTERS = List.of(
            "io.primehub.imagebuilder.k8s",
            "io.primehub.imagebuilder.registry",
            "io.primehub.imagebuilder.renderer",
            "io.kubernetes",
            "com.google");

    @Test
    void theFacadesMethodsNameNoAdapterType() {
        List<String> leaks = new ArrayList<>();
        for (Class<?> facade : List.of(ImageBuilder.class, ControllerService.class)) {
            for (Method method : facade.getMethods()) {
                Stream.concat(
                                Stream.concat(
                                        Stream.of(method.getGenericReturnType()),
                                        Stream.of(method.getGenericParameterTypes())),
                                Stream.of(method.getGenericExceptionTypes()))
                        .flatMap(FacadeTypesTest::classesIn)
                        .filter(type -> ADAPTERS.stream().anyMatch(type.getName()::startsWith))
                        .forEach(type ->
                                leaks.add(facade.getSimpleName() + "." + method.getName() + ": " + type.getName()));
            }
        }
        assertEquals(List.of(), leaks);
    }

    /** A type and, for a generic one such as {@code Optional<SpecStatus>}, its arguments' classes too. */
    private static Stream<Class<?>> classesIn(Type type) {
        if (type instanceof Class<?> c) {
            return Stream.of(c.isArray() ? c.getComponentType() : c);
        }
        if (type instanceof ParameterizedType p) {
            return Stream.concat(
                    classesIn(p.getRawType()),
                    Stream.of(p.getActualTypeArguments()).flatMap(FacadeTypesTest::classesIn));
        }
        return Stream.empty();
    }
}
