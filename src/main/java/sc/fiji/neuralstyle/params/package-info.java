/**
 * Run policy, the same for every front: the parameter table ({@code Params}, one row per parameter,
 * from which the fronts' dialogs, options and pages are made), a run's values parsed from any front's
 * texts ({@code ParamValues}), every rule between parameters and files checked once before the work
 * ({@code Preflight}), the files a run writes ({@code WrittenFiles}), macro option text, advice lines and
 * the one message of a failure ({@code Failures}). No ImageJ: the fronts turn what it decides into
 * their own output.
 */
package sc.fiji.neuralstyle.params;
