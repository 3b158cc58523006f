package sc.fiji.neuralstyle.files;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * For {@link AtomicFileTest}: starts writing {@code args[0]}, says "WRITING" on standard output, and
 * never finishes, so that the test can end this JVM in the middle of the write. With {@code halt}
 * as {@code args[1]} it ends itself there as a second Ctrl-C would: {@link JvmExit#removeLeftovers},
 * then {@link Runtime#halt}, which runs no shutdown hook.
 */
public final class HangingWrite {

	private HangingWrite() {}

	public static void main(String[] args) throws Exception {
		boolean halt = args.length > 1 && args[1].equals("halt");
		AtomicFile.write(Path.of(args[0]), out -> {
			out.write("the beginning of a file".getBytes(StandardCharsets.UTF_8));
			out.flush();
			System.out.println("WRITING");
			System.out.flush();
			if (halt) {
				JvmExit.removeLeftovers();
				Runtime.getRuntime().halt(130);
			}
			try {
				Thread.sleep(Long.MAX_VALUE);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		});
	}
}
