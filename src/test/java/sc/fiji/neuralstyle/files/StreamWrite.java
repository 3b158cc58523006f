package sc.fiji.neuralstyle.files;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * For {@link AtomicFileTest}: prints {@code before,} on standard output, writes {@code args[1]} to
 * the path {@code args[0]} (such as /dev/stdout) with {@link AtomicFile#write}, then prints
 * {@code ,after}: where the path is this JVM's standard output, the three arrive in order on it.
 */
public final class StreamWrite {

	private StreamWrite() {}

	public static void main(String[] args) throws Exception {
		System.out.print("before,");
		AtomicFile.write(Path.of(args[0]), out -> out.write(args[1].getBytes(StandardCharsets.UTF_8)));
		System.out.print(",after");
		System.out.flush();
	}
}
