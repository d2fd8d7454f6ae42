package io.primehub.imagebuilder.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.domain.model.RegistryTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageNamesTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1:5000/team, my-image, 2f3a9c1e",
        "gcr.example/my-project,   tensorflow-2.4, latest",
        "myteam,              nested/name, v1.0_rc-1",
    })
    void namesImageLikeTheDomainTarget(String prefix, String name, String tag) {
        assertEquals(new RegistryTarget(prefix, "s").imageFor(name, tag), ImageNames.pushedImage(prefix, name, tag));
        assertEquals(prefix + "/" + name + ":" + tag, ImageNames.pushedImage(prefix, name, tag));
    }

    @ParameterizedTest(name = "{0} / {1} : {2}")
    @CsvSource(delimiter = '|', textBlock = """
            Foo Bar            | image     | tag     | repo prefix "Foo Bar" is not a valid repository name
            127.0.0.1:5000/t   | My_Image  | tag     | image name "My_Image" is not a repository path
            127.0.0.1:5000/t   | a:b       | tag     | image name "a:b" is not a repository path
            127.0.0.1:5000/t   | image     | -tag    | tag "-tag" is not a valid tag
            127.0.0.1:5000/t   | image     | a;rm -rf| tag "a;rm -rf" is not a valid tag
            """)
    void rejectsInvalidParts(String prefix, String name, String tag, String reason) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ImageNames.pushedImage(prefix, name, tag));
        assertTrue(e.getMessage().startsWith(reason), e.getMessage());
    }

    @Test
    void rejectsNameTooLongForTheGrammar() {
        String name = "a".repeat(250);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ImageNames.pushedImage("registry.example.com/team", name, "t"));
        assertTrue(e.getMessage().contains("longer than 255"), e.getMessage());
    }
}
