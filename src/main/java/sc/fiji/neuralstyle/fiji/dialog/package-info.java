/**
 * The ImageJ1 plugin's dialogs, made from the parameter table ({@code PluginDialog}), the image
 * choices they offer ({@code ImageChoices}) and the choices remembered between runs ({@code PluginPrefs}).
 */
package sc.fiji.neuralstyle.fiji.dialog;
