/**
 * The one entry every front styles through ({@link sc.fiji.neuralstyle.styling.StyleEngine}) and the
 * methods it chooses between: the optimisation of the pixels (the {@code engine} package, with its
 * networks kept across runs) or one pass of a trained fast-style model (the {@code fast} package).
 * Above both, below the fronts.
 */
package sc.fiji.neuralstyle.styling;
