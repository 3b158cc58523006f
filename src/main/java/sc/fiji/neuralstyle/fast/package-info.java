/**
 * Fast styles (Johnson, Alahi &amp; Fei-Fei 2016): pytorch/examples' feed-forward {@code TransformerNet},
 * applied in one pass or in seamless tiles ({@link sc.fiji.neuralstyle.fast.FastStylizer}), its model
 * files read and written in PyTorch's formats ({@link sc.fiji.neuralstyle.fast.StyleModelFile}), and
 * trained on a front's images with the project's losses (subpackage {@code fast.training}, which imports
 * this package and never the other way round).
 * <p>
 * It is the core a front drives through one engine entry; with {@code fast.training} it imports the feature networks and
 * weights reader ({@code net}), the flow ({@code flow}), atomic files ({@code files}), {@code text},
 * and of the engine only the loss formulas and plain types ({@code terms.LossFormulas},
 * {@code settings.LayerWeights}, {@code pixels.FloatImage}, {@code pixels.Resampler}, {@code pixels.ColorTransfer}), never the pixel optimisation's run
 * ({@code FastPackageTest}).
 */
package sc.fiji.neuralstyle.fast;
