package sc.fiji.neuralstyle.fast.training;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.net.pth.TensorData;

/**
 * {@code torch.optim.Adam} over a network's named parameters (betas 0.9 and 0.999, ε 10⁻⁸, no weight
 * decay, no AMSGrad), step for step as torch's single-tensor implementation:
 * m ← β₁ m + (1 − β₁) g, v ← β₂ v + (1 − β₂) g², p ← p − lr / (1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε).
 * ({@code optim.Adam} is the same rule for the one image the pixel optimisation moves, behind its
 * evaluation protocol.) The moments live in the optimiser's sub-manager on the parameters' device;
 * {@link #state} and {@link #restore} carry them through checkpoints, so a resumed run takes the
 * steps an uninterrupted one would.
 */
final class ParameterAdam implements AutoCloseable {

	static final double BETA1 = 0.9;
	static final double BETA2 = 0.999;
	static final double EPSILON = 1e-8;
	/** Prefixes of the moments' keys in {@link #state}, after torch's state names. */
	static final String FIRST = "exp_avg.", SECOND = "exp_avg_sq.";

	private final double learningRate;
	private final NDManager manager;
	private final Map<String, NDArray> first = new LinkedHashMap<>();
	private final Map<String, NDArray> second = new LinkedHashMap<>();
	private int steps;

	ParameterAdam(double learningRate, NDManager parent) {
		if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
			throw new IllegalArgumentException("learning_rate: " + learningRate + " is not a positive number; give one, e.g. 0.001");
		}
		this.learningRate = learningRate;
		this.manager = parent.newSubManager();
	}

	/** Moves every parameter by its gradient (outside any gradient collector: the updates are in place). */
	void step(Map<String, NDArray> parameters, Map<String, NDArray> gradients) {
		steps++;
		double stepSize = learningRate / (1 - Math.pow(BETA1, steps));
		double correction2 = Math.sqrt(1 - Math.pow(BETA2, steps));
		for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
			String key = e.getKey();
			NDArray p = e.getValue();
			NDArray g = gradients.get(key);
			NDArray m = first.computeIfAbsent(key, k -> own(p.zerosLike()));
			NDArray v = second.computeIfAbsent(key, k -> own(p.zerosLike()));
			try (NDManager scratch = manager.newSubManager(p.getDevice())) {
				// Every temporary in scratch (a result belongs to its first operand's manager).
				NDArray gradient = in(scratch, g.duplicate());
				m.muli(BETA1).addi(gradient.mul(1 - BETA1));
				v.muli(BETA2).addi(gradient.mul(1 - BETA2).muli(gradient));
				NDArray denominator = in(scratch, v.sqrt()).divi(correction2).addi(EPSILON);
				p.subi(in(scratch, m.div(denominator)).muli(stepSize));
			}
		}
	}

	private NDArray own(NDArray a) {
		return in(manager, a);
	}

	private static NDArray in(NDManager owner, NDArray a) {
		a.attach(owner);
		return a;
	}

	/** Steps taken (torch's {@code state['step']}). */
	int steps() {
		return steps;
	}

	/** The moments by {@code exp_avg.<key>} and {@code exp_avg_sq.<key>}, copied to the Java heap. */
	Map<String, TensorData> state() {
		Map<String, TensorData> state = new LinkedHashMap<>();
		first.forEach((k, a) -> state.put(FIRST + k, new TensorData(FIRST + k, a.getShape().getShape(), a.toFloatArray())));
		second.forEach((k, a) -> state.put(SECOND + k, new TensorData(SECOND + k, a.getShape().getShape(), a.toFloatArray())));
		return state;
	}

	/** Takes the moments and step count of {@link #state} back (the parameters' device). */
	void restore(Map<String, TensorData> state, int stepsTaken, Map<String, NDArray> parameters) {
		for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
			restore(first, state.get(FIRST + e.getKey()), e.getValue());
			restore(second, state.get(SECOND + e.getKey()), e.getValue());
		}
		// (A checkpoint is read on the manager's device: the optimiser lives where the network does.)
		steps = stepsTaken;
	}

	private void restore(Map<String, NDArray> into, TensorData t, NDArray like) {
		if (t == null) throw new IllegalArgumentException("Adam's state lacks a moment of a parameter shaped " + like.getShape());
		String key = t.key().substring(t.key().startsWith(FIRST) ? FIRST.length() : SECOND.length());
		NDArray old = into.put(key, manager.create(t.values(), like.getShape()));
		if (old != null) old.close();
	}

	@Override
	public void close() {
		manager.close();
	}
}
