package dev.suite.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Both replicas open the same H2 file in AUTO_SERVER mode, as two local replicas of `./suite up` do. */
class TwoReplicasNeverOversellOnH2Test extends TwoReplicasNeverOversell {

    @Override
    List<String> databaseArguments() {
        try {
            Path folder = Files.createTempDirectory("inventory-h2");
            return List.of("--spring.datasource.url=jdbc:h2:file:" + folder.toAbsolutePath()
                    + "/inventory;AUTO_SERVER=TRUE;LOCK_TIMEOUT=10000");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
