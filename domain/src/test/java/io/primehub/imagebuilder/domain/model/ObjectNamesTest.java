package io.primehub.imagebuilder.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ObjectNamesTest {

    private static final Revision REVISION = new Revision("96ff7925");

    @Test
    void shortSpecNamesGiveSpecNameDashRevision() {
        assertEquals("my-spec-96ff7925", ObjectNames.jobName("my-spec", REVISION));
    }

    @Test
    void longSpecNamesAreCutDeterministicallyToAValidLabel() {
        String longName = "a".repeat(60) + "-team.notebook-image";
        String job = ObjectNames.jobName(longName, REVISION);
        assertEquals(ObjectNames.MAX_LABEL_LENGTH, job.length());
        assertTrue(job.endsWith("-96ff7925"), job);
        assertTrue(ObjectNames.isValidSubdomain(job), job);
        assertTrue(job.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), "a DNS-1123 label: " + job);
        assertEquals(job, ObjectNames.jobName(longName, REVISION));
    }

    @Test
    void longNamesSharingAPrefixStillGetDifferentJobNames() {
        String prefix = "x".repeat(70);
        assertNotEquals(ObjectNames.jobName(prefix + "-one", REVISION), ObjectNames.jobName(prefix + "-two", REVISION));
    }

    @Test
    void cutNeverLeavesADashOrDotBeforeTheHash() {
        String name = "a".repeat(44) + "." + "b".repeat(30);
        String job = ObjectNames.jobName(name, REVISION);
        assertFalse(job.contains(".-"), job);
        String dashed = ObjectNames.jobName("a".repeat(44) + "-" + "b".repeat(30), REVISION);
        assertFalse(dashed.contains("--"), dashed);
        assertTrue(ObjectNames.isValidSubdomain(job), job);
    }

    @Test
    void specLabelValueFitsInALabel() {
        assertEquals("short", ObjectNames.specLabelValue("short"));
        assertTrue(ObjectNames.specLabelValue("s".repeat(200)).length() <= ObjectNames.MAX_LABEL_LENGTH);
    }

    @Test
    void validatesSubdomains() {
        assertTrue(ObjectNames.isValidSubdomain("regcred"));
        assertTrue(ObjectNames.isValidSubdomain("my.reg-cred"));
        assertFalse(ObjectNames.isValidSubdomain("RegCred"));
        assertFalse(ObjectNames.isValidSubdomain("-regcred"));
        assertFalse(ObjectNames.isValidSubdomain("reg_cred"));
        assertFalse(ObjectNames.isValidSubdomain(""));
        assertFalse(ObjectNames.isValidSubdomain("a".repeat(254)));
    }
}
