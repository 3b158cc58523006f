package sc.fiji.neuralstyle.engine.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossLogTest {

	@TempDir
	Path dir;

	private List<String> contents() throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	private static final List<LossRecord> RECORDS = List.of(new LossRecord(0, 10, 1, 0.01, 0, 0, 0));

	@Test
	void theLogGetsTheUsualModeAndReplacesAnOldOne() throws IOException {
		String usual = PosixFilePermissions.toString(Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain"))));
		Path csv = dir.resolve("losses.csv");
		LossLog.write(RECORDS, csv);
		// It came out rw------- (a temporary file's mode).
		assertEquals(usual, PosixFilePermissions.toString(Files.getPosixFilePermissions(csv)));
		LossLog.write(RECORDS, csv);
		assertEquals(List.of("losses.csv", "plain"), contents());
		assertEquals(List.of("iteration,total,content,style,tv,elapsed_ms,scale", "0,10.0,1.0,0.01,0.0,0,0"), Files.readAllLines(csv));
	}

	@Test
	void aMissingFolderOrAFolderAsTargetIsNamed() throws IOException {
		Path missing = dir.resolve("nowhere/losses.csv");
		// The folder used to be created silently, unlike every other output's.
		NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> LossLog.write(RECORDS, missing));
		assertEquals(missing + ": the folder " + missing.getParent() + " does not exist; create it or choose another folder",
			e.getMessage());
		Path folder = Files.createDirectory(dir.resolve("taken.csv"));
		FileSystemException f = assertThrows(FileSystemException.class, () -> LossLog.write(RECORDS, folder));
		assertEquals(folder + ": it is a folder; give a file name", f.getMessage());
	}
}
