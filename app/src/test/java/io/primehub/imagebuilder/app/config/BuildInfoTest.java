package io.primehub.imagebuilder.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class BuildInfoTest {

    @Test
    void theBuildWroteThePomsVersionAndACommit() {
        String pomVersion = System.getProperty("image-builder.pom-version");
        assertNotNull(pomVersion, "surefire passes the POM's version (app/pom.xml)");
        BuildInfo current = BuildInfo.current();
        assertEquals(pomVersion, current.version());
        assertTrue(current.commit().matches("[0-9a-f]{12}|unknown"), current.commit());
    }

    @Test
    void placeholdersTheBuildDidNotFillReadAsUnknown() {
        Properties unfilled = new Properties();
        unfilled.setProperty("version", "0.2.0");
        unfilled.setProperty("commit", "${git.commit.id.abbrev}");
        unfilled.setProperty("dirty", "${git.dirty}");
        BuildInfo info = BuildInfo.of(unfilled);
        assertEquals(new BuildInfo("0.2.0", "unknown", false), info);
        assertEquals("0.2.0 (commit unknown)", info.describe());
        assertEquals("unknown", BuildInfo.of(new Properties()).version());
    }

    @Test
    void saysWhenTheTreeHadUncommittedChanges() {
        Properties dirty = new Properties();
        dirty.setProperty("version", "0.2.0");
        dirty.setProperty("commit", "0123456789ab");
        dirty.setProperty("dirty", "true");
        assertEquals(
                "0.2.0 (commit 0123456789ab, with uncommitted changes)",
                BuildInfo.of(dirty).describe());
        dirty.setProperty("dirty", "false");
        assertFalse(BuildInfo.of(dirty).dirty());
    }
}
