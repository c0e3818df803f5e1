package dev.linechat.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the README's library example honest: the first Java block of "Use it as a library" is
 * compiled against chat-core as it is now, then run in a JVM of its own.
 */
class ReadmeExampleIT {

    private static final Path README = Path.of("..", "README.md");

    @Test
    void theLibraryExampleCompilesAndDoesWhatItSays(@TempDir Path dir) throws Exception {
        String source = firstJavaBlock(section(Files.readString(README, StandardCharsets.UTF_8), "## Use it as a library"));
        Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
        assertTrue(name.find(), "the example is a public class");
        Path file = dir.resolve(name.group(1) + ".java");
        Files.writeString(file, source, StandardCharsets.UTF_8);

        String classPath = System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "-encoding", "UTF-8", "-Xlint:all", "-Werror",
                "-cp", classPath, "-d", dir.toString(), file.toString());
        assertEquals(0, compiled, "the README example compiles without warnings");

        List<String> printed = run(dir + File.pathSeparator + classPath, name.group(1));
        assertThat(printed).containsExactly("you said: Hello? Are you there?");
    }

    private static String section(String readme, String heading) {
        int start = readme.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, "the README has a section " + heading);
        int end = readme.indexOf("\n## ", start + heading.length() + 2);
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }

    private static String firstJavaBlock(String text) {
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertTrue(block.find(), "the section has a Java block");
        return block.group(1);
    }

    private static List<String> run(String classPath, String mainClass) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", classPath, mainClass)
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the example ends by itself");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        return output.lines().toList();
    }
}
