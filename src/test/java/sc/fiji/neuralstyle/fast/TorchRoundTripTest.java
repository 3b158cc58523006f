package sc.fiji.neuralstyle.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.net.Npz;
import sc.fiji.neuralstyle.net.pth.TensorData;

/**
 * Models cross between this project and PyTorch itself: one written here loads with
 * {@code torch.load} into pytorch/examples' TransformerNet (strictly: every key, no other) and styles
 * as it does here, and state dicts that {@code torch.save} writes in both layouts load here. Needs
 * Debian's {@code python3-torch} (skipped where it is not installed, as on CI, whose fixtures
 * cover reading; this test covers what only torch itself can say).
 */
class TorchRoundTripTest {

	private static final Path PYTHON = Path.of("/usr/bin/python3");

	@TempDir
	Path tmp;

	@Test
	void modelsCrossBetweenThisProjectAndTorch() throws IOException, InterruptedException {
		// CI installs it (.ci/run): there a missing torch is a failure, not a reason to skip.
		if (System.getenv("CI") != null) assertTrue(torchIsInstalled(), "Debian's python3-torch is not installed");
		else assumeTrue(torchIsInstalled(), "Debian's python3-torch is not installed");
		Path ours = tmp.resolve("ours.pth");
		StyleModelFile.write(ours, FastFixtures.seededStateDict());
		Path script = Files.writeString(tmp.resolve("cross.py"), String.join("\n",
			"import sys, numpy as np, torch",
			"sys.path.insert(0, 'scripts')",
			"import make_fast_style_fixtures as f",
			"ours, folder = sys.argv[1], sys.argv[2]",
			"net = f.TransformerNet()",
			"net.load_state_dict(torch.load(ours), strict=True)",
			"x = np.load('src/test/resources/fixtures/fast/forward.npz')['in_30x37']",
			"with torch.no_grad():",
			"    y = net(torch.from_numpy(x))",
			"np.savez(folder + '/torch_out.npz', out=y[:, :, :30, :37].numpy())",
			"torch.save(f.seeded_state(), folder + '/theirs-zip.pth')",
			"torch.save(f.seeded_state(), folder + '/theirs-legacy.pth', _use_new_zipfile_serialization=False)",
			""), StandardCharsets.UTF_8);
		run(script.toString(), ours.toString(), tmp.toString());

		try (NDManager manager = NDManager.newBaseManager(); TransformerNet net = StyleModelFile.load(ours, manager)) {
			NDArray in = Npz.load(manager, FastFixtures.FORWARD).get("in_30x37");
			NDArray torch = NDList.decode(manager, Files.readAllBytes(tmp.resolve("torch_out.npz"))).get(0);
			FastFixtures.assertClose(torch, net.forward(in), 2e-5, "torch's output of the model written here");
		}
		for (String name : List.of("theirs-zip.pth", "theirs-legacy.pth")) {
			Map<String, TensorData> read = StyleModelFile.read(tmp.resolve(name));
			assertEquals(TransformerLayout.keys(), List.copyOf(read.keySet()), name);
			for (TensorData t : FastFixtures.seededStateDict().values()) {
				assertArrayEquals(t.values(), read.get(t.key()).values(), name + " " + t.key());
			}
		}
	}

	private static boolean torchIsInstalled() throws IOException, InterruptedException {
		if (!Files.isExecutable(PYTHON)) return false;
		Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch, torchvision, numpy").redirectErrorStream(true).start();
		p.getInputStream().readAllBytes();
		return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
	}

	private static void run(String... args) throws IOException, InterruptedException {
		String[] command = new String[args.length + 1];
		command[0] = PYTHON.toString();
		System.arraycopy(args, 0, command, 1, args.length);
		Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!p.waitFor(300, TimeUnit.SECONDS)) p.destroyForcibly();
		assertEquals(0, p.exitValue(), "python says: " + output);
	}
}
