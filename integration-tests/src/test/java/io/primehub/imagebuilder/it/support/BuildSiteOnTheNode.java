package io.primehub.imagebuilder.it.support;

import io.primehub.imagebuilder.it.cluster.KubernetesCluster;
import io.primehub.imagebuilder.it.cluster.TestCluster;
import io.primehub.imagebuilder.it.cluster.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The base of a test class whose builds run on the real {@link TestNode}: the node is required, and one {@link
 * NodeBuildSite} (the apt repository and the private registry holding the node's base image, on the node's bridge) is
 * started before the class's tests and closed after them. The fields are the running class's: test classes run one
 * after the other, as the node itself allows.
 */
@KubernetesCluster
public abstract class BuildSiteOnTheNode {

    protected static TestNode node;
    protected static NodeBuildSite site;
    protected static PrivateBaseRegistry registry;

    @BeforeAll
    static void startTheBuildSite(TestCluster cluster) {
        node = cluster.requireNode();
        site = NodeBuildSite.start();
        registry = site.registry();
    }

    @AfterAll
    static void stopTheBuildSite() {
        if (site != null) {
            site.close();
        }
        node = null;
        site = null;
        registry = null;
    }
}
