/**
 * What the status of a spec and of its jobs says, as read from the cluster: what the embedding facade and the
 * operator's commands return. Plain values, so that a service that embeds the image builder depends on the domain
 * and the facade, never on an adapter's resource types.
 */
package io.primehub.imagebuilder.domain.status;
