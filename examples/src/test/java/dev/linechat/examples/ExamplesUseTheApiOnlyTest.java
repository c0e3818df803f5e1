package dev.linechat.examples;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The examples run on the class path, where nothing stops them from using chat-core's internal
 * package, which is not exported to the module path: their compiled classes must not name it.
 */
class ExamplesUseTheApiOnlyTest {

    @Test
    void noExampleNamesAClassOfTheInternalPackage() throws Exception {
        Path classes = Path.of(EchoBot.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> compiled;
        try (Stream<Path> files = Files.walk(classes)) {
            compiled = files.filter(file -> file.toString().endsWith(".class")).toList();
        }
        assertThat(compiled).as("classes in " + classes).hasSizeGreaterThan(5);
        assertThat(compiled).noneMatch(ExamplesUseTheApiOnlyTest::namesInternalClass);
    }

    /** Class names appear in a class file's constant pool with slashes, in UTF-8. */
    private static boolean namesInternalClass(Path classFile) {
        try {
            return new String(Files.readAllBytes(classFile), ISO_8859_1).contains("dev/linechat/internal/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
