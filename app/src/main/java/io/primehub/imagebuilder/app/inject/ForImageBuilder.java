package io.primehub.imagebuilder.app.inject;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import com.google.inject.BindingAnnotation;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks what the image builder uses from the outside: its {@code ApiClient}, {@code DockerfileRenderer},
 * {@code RegistryCredentials} and {@code Clock}. The qualifier keeps them apart from an embedding service's
 * own bindings of the same types; to swap one, the service sets it through
 * {@code OptionalBinder.newOptionalBinder(binder(), Key.get(ApiClient.class, ForImageBuilder.class)).setBinding()}.
 */
@BindingAnnotation
@Target({FIELD, PARAMETER, METHOD})
@Retention(RUNTIME)
public @interface ForImageBuilder {}
