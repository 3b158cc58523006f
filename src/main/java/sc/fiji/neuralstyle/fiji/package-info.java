/**
 * Fiji's fronts, the classes that ImageJ1's menus (plugins.config), SciJava and macros name: the
 * ImageJ1 plugin {@code NeuralStylePlugin} and the SciJava command {@code NeuralStyleCommand}, the
 * example macros' entries, Check Installation, Download Weights, About, and {@code MacroArguments} for
 * macros. Below them: {@code fiji.run} (a Fiji run through the engine), {@code fiji.dialog} (the
 * ImageJ1 dialogs and their preferences) and {@code fiji.windows} (what a run shows), none of which
 * imports this package.
 */
package sc.fiji.neuralstyle.fiji;
