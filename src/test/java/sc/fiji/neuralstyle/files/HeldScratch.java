package sc.fiji.neuralstyle.files;

import java.nio.file.Path;

/**
 * For {@link ScratchFolderTest}: makes a scratch folder beside {@code args[0]}, prints its path on
 * standard output and waits forever, so that the test can see it held and then end this JVM with
 * SIGKILL (no hook runs, the folder stays).
 */
public final class HeldScratch {

	private HeldScratch() {}

	public static void main(String[] args) throws Exception {
		ScratchFolder folder = ScratchFolder.beside(Path.of(args[0]));
		System.out.println(folder.path());
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}
}
