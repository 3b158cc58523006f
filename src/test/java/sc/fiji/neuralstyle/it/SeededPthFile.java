package sc.fiji.neuralstyle.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.pth.PthWriter;
import sc.fiji.neuralstyle.net.SeededWeights;

/**
 * Writes a network's seeded test weights ({@link SeededWeights}) as a {@code .pth} file in the zip
 * layout {@code torch.save} uses since PyTorch 1.6 ({@link PthWriter}), for tests that must hand a file
 * to another JVM (ImageJ running a macro). Made at test time because a committed file of GoogLeNet's
 * random weights would take 22 MB (11 MB as float16) and not compress.
 */
final class SeededPthFile {

	private SeededPthFile() {}

	/** Writes the seeded weights of {@code network} (e.g. "googlenet") to {@code file}. */
	static Path write(String network, Path file) throws IOException {
		try (OutputStream out = Files.newOutputStream(file)) {
			PthWriter.write(out, SeededWeights.forArchitecture(Architecture.parse(network)), Map.of());
		}
		return file;
	}
}
