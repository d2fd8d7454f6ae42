/**
 * The Dockerfile renderer: {@link io.primehub.imagebuilder.renderer.MustacheDockerfileRenderer} turns a validated
 * recipe into a Dockerfile through a Mustache template; {@link io.primehub.imagebuilder.renderer.ShellQuoting}
 * makes one shell word of any text. Depends on the domain and mustache.java only, so that a local build can use
 * it without the rest of the controller.
 */
package io.primehub.imagebuilder.renderer;
