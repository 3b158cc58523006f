package sc.fiji.neuralstyle.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import sc.fiji.neuralstyle.net.Npz;

/** Tiles give one pass's result: the statistics of the whole image, the margins each layer needs. */
class TiledForwardTest {

	private static NDManager manager;
	private static TransformerNet net;
	private static float[] image;
	private static float[] whole;
	private static float[] torch;
	private static final int WIDTH = 170, HEIGHT = 36;

	@BeforeAll
	static void setUp() {
		manager = NDManager.newBaseManager();
		net = TransformerNet.of(FastFixtures.seededStateDict(), manager);
		try (NDManager m = manager.newSubManager()) {
			Map<String, NDArray> fixture = Npz.load(m, FastFixtures.FORWARD);
			image = fixture.get("in_36x170").toFloatArray();
			torch = fixture.get("out_36x170").get(new NDIndex(":, :, :36, :170")).toFloatArray();
		}
		whole = new TiledForward(net).apply(image, WIDTH, HEIGHT, 0, manager);
	}

	@AfterAll
	static void tearDown() {
		net.close();
		manager.close();
	}

	@Test
	void geometryOfTheLayers() {
		assertEquals(60, TileGeometry.outputMargin(), "4 + 1 + 2 + 10·4 + (2 + 2) + (1 + 1) + 4 = 57, aligned to 4");
		assertEquals(4, TileGeometry.margin(0));
		assertEquals(1, TileGeometry.jump(0));
		assertEquals(4, TileGeometry.jump(2));
		assertEquals(2, TileGeometry.jump(13));
		assertEquals(172, TileGeometry.mapSide(14, 170), "in5 sees 4 ⌈170/4⌉ = 172 columns");
		assertEquals(43, TileGeometry.mapSide(3, 170), "the quarter-resolution maps: ⌈170/4⌉");
	}

	@Test
	void onePassEqualsPyTorch() {
		FastFixtures.assertClose(torch, whole, 2e-5, "one pass");
	}

	/**
	 * Cores of 40 px put crops' edges inside the image (the core at 80–120 px has its crop at 20–170
	 * px for the output, 76–124 px for the first normalisation).
	 */
	@Test
	void tilesEqualOnePass() {
		float[] tiled = new TiledForward(net).apply(image, WIDTH, HEIGHT, 40, manager);
		FastFixtures.assertClose(whole, tiled, 5e-6, "tiles of 40 px");
		FastFixtures.assertClose(torch, tiled, 2e-5, "tiles of 40 px against PyTorch");
	}

	/**
	 * Tiles of rows and of columns: the image's top 20 rows, as it is and turned a quarter (170 rows of
	 * 20 px), in cores of 124 px, against one pass over each.
	 */
	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void tilesOfRowsAndOfColumnsEqualOnePass(boolean turned) {
		int h = 20;
		float[] part = new float[3 * h * WIDTH];
		for (int c = 0; c < 3; c++) {
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < WIDTH; x++) {
					float v = image[(c * HEIGHT + y) * WIDTH + x];
					if (turned) part[(c * WIDTH + x) * h + y] = v;
					else part[(c * h + y) * WIDTH + x] = v;
				}
			}
		}
		int width = turned ? h : WIDTH, height = turned ? WIDTH : h;
		TiledForward forward = new TiledForward(net);
		FastFixtures.assertClose(forward.apply(part, width, height, 0, manager), forward.apply(part, width, height, 124, manager),
			5e-6, (turned ? "rows" : "columns") + " in tiles of 124 px");
	}

	@Test
	void tilesCoverTheImageOnce() {
		int covered = 0;
		for (int[] core : TileGeometry.cores(170, 40)) {
			assertTrue(core[0] % TileGeometry.ALIGNMENT == 0, "cores start aligned");
			covered += core[1] - core[0];
		}
		assertEquals(170, covered);
	}
}
