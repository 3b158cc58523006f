package sc.fiji.neuralstyle.optim;

import ai.djl.ndarray.NDArray;

/**
 * The loss at a point and its gradient.
 *
 * @param loss the scalar loss
 * @param gradient d loss / d x, same shape as x, owned by the manager passed to {@link Objective#evaluate}
 */
public record Evaluation(double loss, NDArray gradient) {
}
