/**
 * What a Fiji run shows: its progress ({@code JobProgress}), the preview window, the loss plot, the
 * result windows' titles and places ({@code ResultWindows}) and the open images a dialog offers
 * ({@code OpenImages}).
 */
package sc.fiji.neuralstyle.fiji.windows;
