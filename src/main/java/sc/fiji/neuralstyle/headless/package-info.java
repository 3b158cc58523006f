/**
 * What the fronts that work on files share, the command line and the Spark application: reading a
 * run's images from the files its parameters name (checked once, by {@code params.Preflight}) and
 * writing its result and loss log. The Fiji fronts read open images instead ({@code fiji.FijiRuns}).
 */
package sc.fiji.neuralstyle.headless;
