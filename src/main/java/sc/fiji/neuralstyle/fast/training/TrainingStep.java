package sc.fiji.neuralstyle.fast.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import sc.fiji.neuralstyle.fast.TransformerNet;

/**
 * One step of training: the transformer styles the batch, the {@link PerceptualLoss} (and, for pairs
 * of frames, the {@link TemporalLoss}) is differentiated with respect to the transformer's parameters,
 * and {@link ParameterAdam} moves them. Gradients are taken on fresh leaves ({@link TransformerNet#trainable}),
 * so nothing accumulates from one step to the next; every array of the step lives in a scope closed
 * at its end. Runs on the caller's thread (autograd is per thread), one collector at a time.
 */
final class TrainingStep {

	/** A step's unweighted terms and its total (temporal 0 without pairs). */
	record Values(double total, double content, double style, double tv, double temporal) {
	}

	private final PerceptualLoss loss;
	private final TemporalLoss temporal;

	/** @param temporal the temporal term, or null */
	TrainingStep(PerceptualLoss loss, TemporalLoss temporal) {
		this.loss = loss;
		this.temporal = temporal;
	}

	/** Takes one step on a batch (B, 3, H, W) in 0–255 (for pairs: the B earlier frames, then their B successors). */
	Values take(TransformerNet net, ParameterAdam adam, NDArray batch, TemporalLoss.Pairs pairs) {
		try (NDManager scope = batch.getManager().newSubManager()) {
			TransformerNet leaves = net.trainable(scope);
			Values values = differentiate(leaves, batch, pairs, scope);
			adam.step(net.parameters(), leaves.gradients());
			return values;
		}
	}

	/**
	 * The loss of the batch under a collector, back-propagated into the leaves of {@code leaves}
	 * (their gradients are then {@link TransformerNet#gradients()}).
	 */
	Values differentiate(TransformerNet leaves, NDArray batch, TemporalLoss.Pairs pairs, NDManager scope) {
		NDArray x = batch.duplicate();
		x.attach(scope);
		try (GradientCollector collector = x.getManager().getEngine().newGradientCollector()) {
			NDArray y = leaves.forward(x);
			PerceptualLoss.Values v = loss.of(y, x);
			NDArray total = v.total();
			double temporalValue = 0;
			if (temporal != null && pairs != null) {
				NDArray t = temporal.of(y, pairs);
				temporalValue = t.getFloat();
				total = total.add(PerceptualLoss.weighted(t, temporal.weight()));
			}
			double value = total.getFloat();
			if (!Double.isFinite(value)) {
				throw new IllegalStateException("The training loss is " + value + " (content " + v.content() + ", style "
					+ v.style() + "); lower learning_rate or the weights");
			}
			collector.backward(total);
			return new Values(value, v.content(), v.style(), v.tv(), temporalValue);
		}
	}
}
