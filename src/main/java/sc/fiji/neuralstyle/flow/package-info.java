/**
 * Temporal coherence for stacks (Ruder, Dosovitskiy &amp; Brox, "Artistic style transfer for videos",
 * 2016/2018): dense optical flow between content frames (BoofCV), bilinear backward warping of an
 * earlier styled frame, and the per-pixel consistency weights of the temporal loss.
 * <p>
 * Images are plain planar float arrays (channel after channel, each row by row, as the engine's
 * {@code FloatImage}) and small records of this package; it imports only BoofCV and the JDK, so the
 * engine can use it and it can be tested alone.
 */
package sc.fiji.neuralstyle.flow;
