package dev.suite.systemtests.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root folder: where k8s/, docker/ and the modules are. */
public final class SuiteRoot {

    private SuiteRoot() {
    }

    public static Path path() {
        String configured = System.getProperty("suite.root");
        Path start = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path candidate = start.toAbsolutePath(); candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("k8s")) && Files.isRegularFile(candidate.resolve("mvnw"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root (with k8s/ and mvnw) above " + start);
    }
}
