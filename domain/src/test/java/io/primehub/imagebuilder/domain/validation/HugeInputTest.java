package io.primehub.imagebuilder.domain.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.domain.model.ImageReference;
import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.ObjectNames;
import io.primehub.imagebuilder.domain.model.PackageManager;
import io.primehub.imagebuilder.domain.model.Packages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every check of user input ends quickly and without deep recursion on inputs of any size and shape: long runs of
 * what each pattern repeats (components, separators, specifiers), valid up to a bad last character. Each check runs
 * in a thread with a small stack, so a check that recursed once per character would overflow it.
 */
class HugeInputTest {

    private static final int HUGE = 100 * 1024;
    private static final long SMALL_STACK = 256 * 1024;
    private static final Duration ALL_CHECKS = Duration.ofSeconds(20);

    /** What the patterns repeat: path and domain components, separators, tags, specifiers, channels, versions. */
    private static final List<String> UNITS = List.of(
            "a",
            "a.",
            "a-",
            "a_",
            "a__",
            "a/",
            "a:",
            "A.",
            "0-",
            "a--",
            "a._",
            ".",
            "-",
            "_",
            "/",
            ":",
            "@",
            "[",
            "[:",
            ":1",
            "a:1/",
            "aa.bb/",
            "sha256:",
            "0",
            "a,",
            ">=1,",
            ",>=1",
            "==1.*",
            "=1",
            "=1=",
            "::",
            "a::",
            " ",
            " ,",
            "[a,",
            "a[",
            "a ",
            "1!",
            "+",
            "~=",
            "a=1,",
            "a>=1,<2,");

    private static final List<String> ENDINGS = List.of("", "!", "/", ":", "@", " ", "A", "-", "\u00e9");

    private static List<String> hugeInputs(int length) {
        List<String> inputs = new ArrayList<>();
        for (String unit : UNITS) {
            String run = unit.repeat(length / unit.length() + 1).substring(0, length);
            for (String ending : ENDINGS) {
                inputs.add(run + ending);
                inputs.add("a" + run + ending);
                inputs.add("127.0.0.1:5000/" + run + ending);
            }
        }
        return inputs;
    }

    @Test
    void everyImageReferenceCheckEndsOnHugeInputsOfEveryShape() {
        inSmallStack(inputs -> {
            for (String input : inputs) {
                ImageReference.problem(input);
                ImageReference.tryParse(input);
                ImageReference.nameProblem(input);
                ImageReference.isValidTag(input);
            }
        });
    }

    @Test
    void everyPackageRuleEndsOnHugeInputsOfEveryShape() {
        inSmallStack(inputs -> {
            for (String input : inputs) {
                for (PackageManager manager : PackageManager.values()) {
                    PackageRules.problem(manager, input);
                }
            }
        });
    }

    @Test
    void everyCheckEndsOnInputsJustWithinTheLengthLimits() {
        inSmallStack(ignored -> {
            for (String input : hugeInputs(ImageReference.MAX_LENGTH)) {
                ImageReference.problem(input);
                ImageReference.nameProblem(input);
            }
            for (String input : hugeInputs(PackageRules.MAX_LENGTH)) {
                for (PackageManager manager : PackageManager.values()) {
                    PackageRules.problem(manager, input);
                }
            }
            for (String input : hugeInputs(ObjectNames.MAX_SUBDOMAIN_LENGTH)) {
                ObjectNames.isValidSubdomain(input);
            }
        });
    }

    @Test
    void aBaseImageOfFourKilobytesIsOneViolationNotAStackOverflow() {
        for (String base :
                List.of("a".repeat(4096), "a.".repeat(2048), "a/".repeat(2048) + "a", "a-".repeat(2048) + "a")) {
            InvalidImageSpecException e = assertThrows(
                    InvalidImageSpecException.class,
                    () -> ImageSpecValidator.validate(new ImageSpec("hub", "spec", base, "", Packages.NONE, "")));
            assertEquals(1, e.violations().size(), e.getMessage());
            assertEquals("spec.baseImage", e.violations().get(0).field());
            assertTrue(e.violations().get(0).reason().contains("at most " + ImageReference.MAX_LENGTH), e.getMessage());
        }
    }

    /** Runs {@code checks} on the huge inputs in a thread with a small stack; fails on any error or when too slow. */
    private static void inSmallStack(Consumer<List<String>> checks) {
        List<String> inputs = hugeInputs(HUGE);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(
                null,
                () -> {
                    try {
                        checks.accept(inputs);
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                },
                "small-stack",
                SMALL_STACK);
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join(ALL_CHECKS.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertTrue(!thread.isAlive(), "the checks did not end within " + ALL_CHECKS);
        if (failure.get() != null) {
            throw new AssertionError("a check failed: " + failure.get(), failure.get());
        }
    }
}
