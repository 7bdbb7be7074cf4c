package io.harmony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The build's class-data-sharing training run (pom.xml, exec-maven-plugin) and the README's run command must agree: a
 * JVM maps the archive only when it names the jar by the same path and runs with the same heap settings, and otherwise
 * starts without it, a second slower, with nothing but one warning line to show for it.
 */
class TrainingRunTest {
    private static final Path ROOT = Path.of("../..");

    @Test
    void theReadmeRunCommandUsesTheArchiveTheBuildWritesWithTheFlagsItWasWrittenWith() throws IOException {
        String pom = Files.readString(ROOT.resolve("src/conductor/pom.xml"));
        String training = group(pom, "<commandlineArgs>(-XX:ArchiveClassesAtExit=.*?)</commandlineArgs>");
        String archive = group(training, "-XX:ArchiveClassesAtExit=(\\S+)");
        String jar = group(training, "-jar (\\S+)");
        String flags = group(pom, "<harmony.jvm.flags>(.*?)</harmony.jvm.flags>");
        assertTrue(training.contains("${harmony.jvm.flags}"), "the training run does not use harmony.jvm.flags: " + training);

        String readme = Files.readString(ROOT.resolve("README.md"));
        String run = group(readme, "```bash\\n(\\./mvnw [^\\n]*package && java [^\\n]*)\\n```");
        assertEquals("java -XX:SharedArchiveFile=" + archive + " " + flags + " -jar " + jar,
                run.substring(run.indexOf("java ")), "README's run command against the pom's training run");
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        assertTrue(m.find(), "no match for " + regex);
        return m.group(1);
    }
}
