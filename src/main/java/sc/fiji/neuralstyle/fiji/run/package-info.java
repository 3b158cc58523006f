/**
 * A Fiji run through the engine: {@code FijiRuns} (open images to planes, the entry, results to
 * windows), the context's engine ({@code StyleEngineService}, and {@code FijiEngines} for the ImageJ1
 * plugin), DJL started as a plugin needs it ({@code DjlBootstrap}) and the masks of spatial control
 * ({@code ContentMasks}). Imports {@code fiji.windows}.
 */
package sc.fiji.neuralstyle.fiji.run;
