/**
 * What the fronts that work on files share, the command line and the Spark application (not Fiji's
 * {@code --headless} mode, which runs the Fiji fronts): checking a run before the entry
 * ({@code FileRuns.check}), reading a run's images from the files its parameters name ({@code InputFiles},
 * {@code TrainingFiles}), the planes through the entry, writing its result and loss log
 * ({@code ResultFiles}), picocli options from the table ({@code TableOptions}) and Ctrl-C
 * ({@code Interrupts}). The Fiji fronts read open images instead ({@code fiji.run.FijiRuns}).
 */
package sc.fiji.neuralstyle.headless;
