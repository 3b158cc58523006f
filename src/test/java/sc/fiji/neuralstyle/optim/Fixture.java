package sc.fiji.neuralstyle.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** A run of a torch.optim optimiser recorded by scripts/make_optim_fixtures.py. */
final class Fixture {

	final String name;
	final JsonObject problem;
	final JsonObject optimizer;
	/** The loss of every evaluation, in order. */
	final double[] losses;
	/** The loss at torch's final point. */
	final double finalLoss;

	private Fixture(String name, JsonObject json) {
		this.name = name;
		this.problem = json.getAsJsonObject("problem");
		this.optimizer = json.getAsJsonObject("optimizer");
		this.losses = doubles(json.getAsJsonArray("losses"));
		this.finalLoss = json.get("final_loss").getAsDouble();
	}

	static Fixture load(String name) {
		String path = "/fixtures/optim/" + name + ".json";
		try (InputStream in = Fixture.class.getResourceAsStream(path)) {
			if (in == null) throw new IllegalStateException("Missing " + path + ": run scripts/make_optim_fixtures.py");
			try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
				return new Fixture(name, JsonParser.parseReader(reader).getAsJsonObject());
			}
		}
		catch (IOException e) {
			throw new IllegalStateException("Cannot read " + path, e);
		}
	}

	double setting(String key) {
		return optimizer.get(key).getAsDouble();
	}

	Shape shape() {
		JsonArray dims = problem.getAsJsonArray("shape");
		long[] shape = new long[dims.size()];
		for (int i = 0; i < shape.length; i++) shape[i] = dims.get(i).getAsLong();
		return new Shape(shape);
	}

	/** Whether the run was in float64 rather than float32. */
	boolean isDouble() {
		return problem.get("dtype").getAsString().equals("float64");
	}

	/** The starting point, in {@code manager}. */
	NDArray start(NDManager manager) {
		return array(manager, "x0");
	}

	/** The problem's objective, its constants in {@code manager}. */
	TestObjectives.Recording objective(NDManager manager) {
		return switch (problem.get("kind").getAsString()) {
			case "quartic" -> new TestObjectives.Quartic(array(manager, "a"), array(manager, "c"),
				problem.get("b").getAsDouble());
			case "rosenbrock" -> new TestObjectives.Rosenbrock();
			default -> throw new IllegalStateException("Unknown problem in " + name);
		};
	}

	private NDArray array(NDManager manager, String key) {
		double[] values = doubles(problem.getAsJsonArray(key));
		if (isDouble()) return manager.create(values, shape());
		float[] floats = new float[values.length];
		for (int i = 0; i < values.length; i++) floats[i] = (float) values[i];
		return manager.create(floats, shape());
	}

	private static double[] doubles(JsonArray array) {
		double[] result = new double[array.size()];
		for (int i = 0; i < result.length; i++) result[i] = array.get(i).getAsDouble();
		return result;
	}

	/**
	 * Asserts that {@code actual} matches the recorded losses one by one within relative tolerance
	 * {@code rtol}: the same evaluations in the same order.
	 */
	void assertLosses(List<Double> actual, double rtol) {
		if (actual.size() != losses.length) {
			fail(name + ": expected " + losses.length + " evaluations, got " + actual.size() + ": " + actual);
		}
		for (int i = 0; i < losses.length; i++) {
			assertClose(losses[i], actual.get(i), rtol, name + " evaluation " + (i + 1));
		}
	}

	static void assertClose(double expected, double actual, double rtol, String what) {
		double error = Math.abs(actual - expected) / Math.max(Math.abs(expected), Double.MIN_NORMAL);
		assertTrue(error <= rtol, what + ": expected " + expected + ", got " + actual + " (relative error " + error
			+ " > " + rtol + ")");
	}
}
