package io.primehub.imagebuilder.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primehub.imagebuilder.registry.testing.ServiceAccountKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigSourceTest {

    @TempDir
    Path dir;

    private ConfigSource dotEnv(String content) throws IOException {
        Path file = dir.resolve(".env");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return ConfigSource.load(Map.of(), file);
    }

    private DotEnvException malformed(String content) {
        Path file = dir.resolve(".env");
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return assertThrows(DotEnvException.class, () -> ConfigSource.load(Map.of(), file));
    }

    @Test
    void environmentWinsOverDotEnvFile() throws IOException {
        Path file = dir.resolve(".env");
        Files.writeString(file, "A=from-file\nB=from-file\n");
        ConfigSource source = ConfigSource.load(Map.of("A", "from-env"), file);
        assertEquals(Optional.of("from-env"), source.get("A"));
        assertEquals(Optional.of("from-file"), source.get("B"));
        assertEquals(Optional.empty(), source.get("C"));
    }

    @Test
    void environmentVariableSetToEmptyStillWins() throws IOException {
        Path file = dir.resolve(".env");
        Files.writeString(file, "A=from-file\n");
        assertEquals(Optional.of(""), ConfigSource.load(Map.of("A", ""), file).get("A"));
    }

    @Test
    void missingDotEnvFileIsTheSameAsAnEmptyOne() {
        ConfigSource source = ConfigSource.load(Map.of("A", "1"), dir.resolve("absent.env"));
        assertEquals(Optional.of("1"), source.get("A"));
        assertTrue(source.dotEnvFile().isEmpty());
    }

    @Test
    void nullDotEnvPathReadsOnlyTheEnvironment() {
        assertEquals(Optional.of("1"), ConfigSource.load(Map.of("A", "1"), null).get("A"));
    }

    @Test
    void readsCommentsBlankLinesExportAndSpacesAroundEquals() throws IOException {
        ConfigSource source = dotEnv("""
                # registry settings

                   \t
                export A=1
                B = two words   # a trailing comment
                  C=3
                D=
                E=value#not-a-comment
                """);
        assertEquals(Optional.of("1"), source.get("A"));
        assertEquals(Optional.of("two words"), source.get("B"));
        assertEquals(Optional.of("3"), source.get("C"));
        assertEquals(Optional.of(""), source.get("D"));
        assertEquals(Optional.of("value#not-a-comment"), source.get("E"));
    }

    @Test
    void singleQuotedValueIsTakenLiterally() throws IOException {
        ConfigSource source = dotEnv("A='a \\n \"b\" $HOME # not a comment'  # comment\n");
        assertEquals(Optional.of("a \\n \"b\" $HOME # not a comment"), source.get("A"));
    }

    @Test
    void doubleQuotedValueUnescapesNewlineQuoteAndBackslash() throws IOException {
        ConfigSource source = dotEnv("A=\"line1\\nline2 \\\"quoted\\\" back\\\\slash tab\\t\" # comment\n");
        assertEquals(Optional.of("line1\nline2 \"quoted\" back\\slash tab\t"), source.get("A"));
    }

    @Test
    void doubleQuotedValueKeepsUnknownEscapesAsWritten() throws IOException {
        assertEquals(Optional.of("C:\\dir\\x"), dotEnv("A=\"C:\\dir\\x\"\n").get("A"));
    }

    @Test
    void nothingIsInterpolated() throws IOException {
        ConfigSource source = dotEnv("A=1\nB=$A\nC=\"${A}\"\n");
        assertEquals(Optional.of("$A"), source.get("B"));
        assertEquals(Optional.of("${A}"), source.get("C"));
    }

    @Test
    void laterDuplicateKeyWins() throws IOException {
        assertEquals(Optional.of("2"), dotEnv("A=1\nA=2\n").get("A"));
    }

    @Test
    void windowsLineEndingsAndByteOrderMarkAreIgnored() throws IOException {
        ConfigSource source = dotEnv("\uFEFFA=1\r\nB=\"2\"\r\n");
        assertEquals(Optional.of("1"), source.get("A"));
        assertEquals(Optional.of("2"), source.get("B"));
    }

    @Test
    void aLoneCarriageReturnEndsALineAsLineFeedDoes() throws IOException {
        ConfigSource source = dotEnv("A=yes\rB=\"2\"\r\nC=3\rD='4'\n");
        assertEquals(Optional.of("yes"), source.get("A"));
        assertEquals(Optional.of("2"), source.get("B"));
        assertEquals(Optional.of("3"), source.get("C"));
        assertEquals(Optional.of("4"), source.get("D"));
    }

    @Test
    void aMalformedLineAfterCarriageReturnsIsNamedByItsOwnNumber() {
        assertEquals(3, malformed("A=1\rB=2\rC='open\rD=4\r").line());
    }

    @Test
    void oneLineJsonKeySurvivesDoubleQuotesWithEscapes() throws IOException {
        String key = ServiceAccountKeys.oneLineJsonKey();
        ConfigSource source = dotEnv(
                "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD=" + ServiceAccountKeys.asDoubleQuotedDotEnvValue(key) + "\n");
        assertEquals(Optional.of(key), source.get("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD"));
    }

    @Test
    void oneLineJsonKeySurvivesSingleQuotes() throws IOException {
        String key = ServiceAccountKeys.oneLineJsonKey();
        ConfigSource source = dotEnv("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD='" + key + "'\n");
        assertEquals(Optional.of(key), source.get("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD"));
    }

    @ParameterizedTest(name = "line {1} of \"{0}\": {2}")
    @CsvSource(delimiter = '|', textBlock = """
            A=1\\nB='unterminated                  | 2 | the single-quoted value of B has no closing quote
            A=1\\n\\nC="unterminated               | 3 | the double-quoted value of C has no closing quote
            D="ends with escaped quote\\"          | 1 | the double-quoted value of D has no closing quote
            E='x' trailing                         | 1 | unexpected text after the closing quote of the value of E
            F="x"trailing                          | 1 | unexpected text after the closing quote of the value of F
            -a-line                                | 1 | expected KEY=value
            just-a-line                            | 1 | expected '=' after the variable name
            1A=x                                   | 1 | expected KEY=value
            A=1\\nNOEQUALS                         | 2 | expected '=' after the variable name
            export                                 | 1 | expected '=' after the variable name
            """)
    void malformedLineIsReportedWithFileAndLineNumber(String content, int line, String reason) {
        DotEnvException e = malformed(content.replace("\\n", "\n"));
        assertEquals(line, e.line());
        assertEquals(dir.resolve(".env"), e.file());
        assertTrue(e.getMessage().startsWith(dir.resolve(".env") + ":" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void malformedLineErrorNeverRepeatsTheValue() {
        for (String line : new String[] {
            "PASSWORD=\"hunter2-unterminated",
            "PASSWORD='hunter2-unterminated",
            "PASSWORD='x' hunter2-trailing",
            "hunter2-pasted-alone",
            "hunter2 pasted with spaces"
        }) {
            DotEnvException e = malformed(line + "\n");
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        }
    }

    @Test
    void fileThatIsNotUtf8IsRejected() throws IOException {
        Path file = dir.resolve(".env");
        Files.write(file, new byte[] {'A', '=', (byte) 0xC3, (byte) 0x28, '\n'});
        DotEnvException e = assertThrows(DotEnvException.class, () -> ConfigSource.load(Map.of(), file));
        assertTrue(e.getMessage().endsWith("is not UTF-8 text"), e.getMessage());
    }

    @Test
    void directoryInPlaceOfTheFileIsRejected() {
        DotEnvException e = assertThrows(DotEnvException.class, () -> ConfigSource.load(Map.of(), dir));
        assertTrue(e.getMessage().endsWith("is not a regular file"), e.getMessage());
    }

    @Test
    void toStringShowsCountsNotValues() throws IOException {
        Path file = dir.resolve(".env");
        Files.writeString(file, "SECRET=hunter2\n");
        String text = ConfigSource.load(Map.of("TOKEN", "hunter3"), file).toString();
        assertFalse(text.contains("hunter"), text);
        assertTrue(text.contains("1 environment variables") && text.contains("1 settings from"), text);
    }
}
