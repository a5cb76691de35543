package org.gpaction.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyTests {

    @TempDir
    Path dir;

    @Test
    void aFileWrittenWholeIsTheOwnersOnly_inAFolderMadeTheOwnersOnly_withNoPartLeft() throws IOException {
        Path file = dir.resolve("kept").resolve("record.txt");

        OwnerOnly.writeWhole(file, ".part-", ".tmp", out -> out.write("written".getBytes(StandardCharsets.UTF_8)));

        assertThat(file).hasContent("written");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(OwnerOnly.FILE);
        assertThat(Files.getPosixFilePermissions(file.getParent())).isEqualTo(OwnerOnly.DIRECTORY);
        assertThat(names(file.getParent())).containsExactly("record.txt");
    }

    /** A writer that closes what it writes to (a zip stream does) still has its bytes kept, forced to disk after. */
    @Test
    void aWriterThatClosesItsStreamHasItsFileWrittenWhole() throws IOException {
        Path file = dir.resolve("kept").resolve("record.zip");

        OwnerOnly.writeWhole(file, ".part-", ".tmp", out -> {
            try (var zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry("record.txt"));
                zip.write("written".getBytes(StandardCharsets.UTF_8));
            }
        });

        try (var zip = new ZipInputStream(Files.newInputStream(file))) {
            assertThat(zip.getNextEntry().getName()).isEqualTo("record.txt");
            assertThat(new String(zip.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("written");
        }
        assertThat(names(file.getParent())).containsExactly("record.zip");
    }

    /** The finished file's mode is not enough: the part is readable by others if it is not the owner's from creation. */
    @Test
    void thePartIsTheOwnersOnlyBeforeAnyByteIsWritten_inAFolderAlreadyTheOwnersOnly() throws IOException {
        Path folder = dir.resolve("kept");
        List<Set<PosixFilePermission>> partModes = new ArrayList<>();
        List<Long> partSizes = new ArrayList<>();

        OwnerOnly.writeWhole(folder.resolve("record.txt"), ".part-", ".tmp", out -> {
            assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(OwnerOnly.DIRECTORY);
            try (var parts = Files.list(folder)) {
                for (Path part : parts.toList()) {
                    assertThat(part.getFileName().toString())
                            .startsWith(".part-")
                            .endsWith(".tmp");
                    partModes.add(Files.getPosixFilePermissions(part));
                    partSizes.add(Files.size(part));
                }
            }
            out.write("written".getBytes(StandardCharsets.UTF_8));
        });

        assertThat(partSizes).as("one part, empty when looked at").containsExactly(0L);
        assertThat(partModes).as("the part's mode before any byte is in it").containsExactly(OwnerOnly.FILE);
    }

    @Test
    void aFileWrittenAgainIsReplacedWhole() throws IOException {
        Path file = dir.resolve("record.txt");
        OwnerOnly.writeWhole(
                file, ".part-", ".tmp", out -> out.write("first, and longer".getBytes(StandardCharsets.UTF_8)));

        OwnerOnly.writeWhole(file, ".part-", ".tmp", out -> out.write("second".getBytes(StandardCharsets.UTF_8)));

        assertThat(file).hasContent("second");
        assertThat(names(dir)).containsExactly("record.txt");
    }

    @Test
    void aWriteThatFailsLeavesTheEarlierFileAsItWas_andNoPart_andSaysWhy() throws IOException {
        Path file = dir.resolve("record.txt");
        OwnerOnly.writeWhole(file, ".part-", ".tmp", out -> out.write("earlier".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> OwnerOnly.writeWhole(file, ".part-", ".tmp", out -> {
                    out.write("half".getBytes(StandardCharsets.UTF_8));
                    throw new TimeoutException("the writer's own failure");
                }))
                .isInstanceOf(TimeoutException.class)
                .hasMessage("the writer's own failure");
        assertThat(file).hasContent("earlier");
        assertThat(names(dir)).containsExactly("record.txt");
    }

    /** Whoever could put a link where the file goes has it replaced, not written through to what it names. */
    @Test
    void aLinkWhereTheFileGoesIsReplaced_andWhatItNamedIsLeftAlone() throws IOException {
        Path elsewhere = Files.writeString(dir.resolve("elsewhere.txt"), "not yours");
        Path folder = Files.createDirectory(dir.resolve("folder"));
        Path file = Files.createSymbolicLink(folder.resolve("record.txt"), elsewhere);

        OwnerOnly.writeWhole(file, ".part-", ".tmp", out -> out.write("written".getBytes(StandardCharsets.UTF_8)));

        assertThat(Files.isSymbolicLink(file)).isFalse();
        assertThat(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(file).hasContent("written");
        assertThat(elsewhere).hasContent("not yours");
    }

    private static List<String> names(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
