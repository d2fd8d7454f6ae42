package io.primehub.imagebuilder.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void toStringIsMasked() {
        assertEquals("***", Secret.of("hunter2").toString());
        assertEquals("x=***", "x=" + Secret.of("hunter2"));
    }

    @Test
    void revealGivesTheValueBack() {
        assertEquals("hunter2", Secret.of("hunter2").reveal());
    }

    @Test
    void equalityIsByValue() {
        assertEquals(Secret.of("a"), Secret.of("a"));
        assertEquals(Secret.of("a").hashCode(), Secret.of("a").hashCode());
        assertNotEquals(Secret.of("a"), Secret.of("b"));
        assertTrue(Secret.of("").isEmpty());
    }
}
