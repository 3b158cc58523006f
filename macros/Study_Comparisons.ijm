// Neural Style example 3: the comparisons of the original study, and its future work, on one content
// and one style image. Each comparison changes one setting of a reference run (the first network,
// Adam, alpha/beta = 1e-3, preserve_colors=none):
//   network     each network named in networks= (default VGG16, AlexNet and the light SqueezeNet 1.1
//               and GoogLeNet)
//   optimizer   Adam vs SGD
//   ratio       alpha/beta 1e-3 vs 1e-5
//   colors      preserve_colors none vs luminance vs histogram
//   style_loss  gram vs wasserstein vs sliced, each with its own style_weight (their scales differ)
// Each comparison gives a montage of its results (montage_<comparison>) and a loss plot
// (plot_<comparison>: total loss per iteration, log scale; for networks and style losses divided by
// each run's start, since each has its own scale; for alpha/beta also the unweighted style loss,
// plot_ratio_style, which is comparable across weights). Every plot's range fits all of its curves;
// the Log lists each plot's range.
//
// Interactive: run it and choose the images; the montages and plots stay open.
// Headless or from another macro:
//   ImageJ-linux64 --headless --console -macro Study_Comparisons.ijm \
//       "content=[/p/coffee.png] style=[/p/starry_night.jpg] output=[/p/study/] size=256 iterations=200"
// Argument keys: content, style (files), output (folder, made if it is not there; the montages, plots
// and loss logs are saved there), size, iterations, init, seed, device; networks (comma-separated, the
// first is the reference network of the other comparisons; default vgg16,alexnet,squeezenet1_1,
// googlenet) and, for any of them, <network>_weights (a local weights file, e.g.
// alexnet_weights=[/p/alexnet.pth]; default: the downloaded weights); colors (the preserve_colors values compared, default none,luminance,histogram);
// style_losses (default gram,wasserstein,sliced) and <style_loss>_style_weight (default 1000 for gram,
// the reference run, and 100 for the others: about the same share of the start's total, docs/style-controls.md);
// adam_learning_rate, sgd_learning_rate (default: Neural Style's own, chosen so that both make
// visible progress; see docs/parameters.md).
// Needs ImageJ 1.54f or newer (docs/fiji.md, Which ImageJ); not requires(), which ends with exit code 0.
if (getVersion() < "1.54f") stop("Neural Style's macros need ImageJ 1.54f or newer, this is " + getVersion()
	+ "; update ImageJ (Help > Update ImageJ...)");
// Plain ImageJ's batch mode (-batch) finds the plugins only when a command runs, and call() cannot see
// Neural Style's classes before that; listing the commands finds them (Fiji finds them at its start).
List.setCommands;
List.clear();
var contentTitle = "";
var contentID = 0;
var styleTitle = "";
var common = "";
var logs = "";
var output = "";
var args = "";
var runNames = newArray(0);
var runIDs = newArray(0);

args = getArgument();
if (args == "") {
	contentPath = File.openDialog("Content image");
	stylePath = File.openDialog("Style image");
	args = "content=[" + contentPath + "] style=[" + stylePath + "]";
}
contentPath = value("content", "");
stylePath = value("style", "");
if (!File.exists(contentPath)) stop("No content image file: '" + contentPath + "'. Give content=[path].");
if (!File.exists(stylePath)) stop("No style image file: '" + stylePath + "'. Give style=[path].");
output = value("output", "");
if (output != "" && !endsWith(output, "/") && !endsWith(output, File.separator)) output = output + File.separator;
if (output != "") makeFolders(output);
if (output != "" && !File.isDirectory(output)) stop("Cannot make the output folder '" + output
	+ "'. Give output=[a folder you can write in].");
logs = output;
if (logs == "") logs = getDirectory("temp");

networks = split(value("networks", "vgg16,alexnet,squeezenet1_1,googlenet"), ",");
colors = split(value("colors", "none,luminance,histogram"), ",");
reference = networks[0];
common = " size=" + value("size", "256") + " iterations=" + value("iterations", "200")
	+ " init=[" + value("init", "content") + "] seed=" + value("seed", "0")
	+ " device=" + value("device", "auto");
adamRate = value("adam_learning_rate", "0");
sgdRate = value("sgd_learning_rate", "0");

wasBatch = is("Batch Mode");
setBatchMode(true);
before = imageIDs();
open(contentPath);
contentTitle = getTitle();
contentID = getImageID();
open(stylePath);
styleTitle = getTitle();

// Runs: name, network, optimiser, learning rate, style weight (content weight 1: alpha/beta = 1/beta),
// other options. The reference run is the first network's.
networkRuns = newArray(networks.length);
for (i = 0; i < networks.length; i++) {
	networkRuns[i] = "network_" + networks[i];
	styleRun(networkRuns[i], networks[i], "adam", adamRate, "1000", "");
}
referenceRun = networkRuns[0];
styleRun("sgd", reference, "sgd", sgdRate, "1000", "");
styleRun("ratio", reference, "adam", adamRate, "100000", "");
colorRuns = newArray(colors.length);
for (i = 0; i < colors.length; i++) {
	// none (or false, as the flag preserve_colors once was) is the reference run itself.
	if (colors[i] == "none" || colors[i] == "false") colorRuns[i] = referenceRun;
	else {
		colorRuns[i] = "colors_" + colors[i];
		styleRun(colorRuns[i], reference, "adam", adamRate, "1000", " preserve_colors=" + colors[i]);
	}
}
styleLosses = split(value("style_losses", "gram,wasserstein,sliced"), ",");
styleLossRuns = newArray(styleLosses.length);
for (i = 0; i < styleLosses.length; i++) {
	// gram with the reference's weight is the reference run itself.
	// (An argument that starts with an array element is read as a number: start it with a string.)
	weight = value("" + styleLosses[i] + "_style_weight", "100");
	if (styleLosses[i] == "gram") weight = value("gram_style_weight", "1000");
	if (styleLosses[i] == "gram" && weight == "1000") styleLossRuns[i] = referenceRun;
	else {
		styleLossRuns[i] = "style_loss_" + styleLosses[i];
		styleRun(styleLossRuns[i], reference, "adam", adamRate, weight, " style_loss=" + styleLosses[i]);
	}
}
runs = networks.length + 2 + colors.length + styleLosses.length;
for (i = 0; i < colors.length; i++)
	if (colorRuns[i] == referenceRun) runs--;
for (i = 0; i < styleLosses.length; i++)
	if (styleLossRuns[i] == referenceRun) runs--;

montage("network", networkRuns, networks, "Adam, 1e-3");
montage("optimizer", newArray(referenceRun, "sgd"), newArray("Adam", "SGD"), reference + ", 1e-3");
montage("ratio", newArray(referenceRun, "ratio"), newArray("a/b 1e-3", "a/b 1e-5"), reference + ", Adam");
montage("colors", colorRuns, colors, reference + ", Adam, 1e-3");
montage("style_loss", styleLossRuns, styleLosses, reference + ", Adam");

print("Neural Style study: " + runs + " runs, 5 montages and 6 loss plots" + where(output));
lossPlot("Networks (Adam, 1e-3): total loss / its start", networkRuns, networks, "total", true, "plot_network");
lossPlot("Optimiser (" + reference + ", 1e-3): Adam vs SGD", newArray(referenceRun, "sgd"), newArray("Adam", "SGD"),
	"total", false, "plot_optimizer");
lossPlot("alpha/beta (" + reference + ", Adam): 1e-3 vs 1e-5, total", newArray(referenceRun, "ratio"),
	newArray("1e-3", "1e-5"), "total", false, "plot_ratio_total");
lossPlot("alpha/beta (" + reference + ", Adam): 1e-3 vs 1e-5, style loss", newArray(referenceRun, "ratio"),
	newArray("1e-3", "1e-5"), "style", false, "plot_ratio_style");
lossPlot("preserve_colors (" + reference + ", Adam, 1e-3)", colorRuns, colors, "total", false, "plot_colors");
lossPlot("style_loss (" + reference + ", Adam): total loss / its start", styleLossRuns, styleLosses, "total", true,
	"plot_style_loss");
closeRuns();
if (output != "") {
	// Saved: close what this macro opened, leave the caller's images alone.
	closeImagesOtherThan(before);
	if (!wasBatch) setBatchMode(false);
}
else if (!wasBatch) setBatchMode("exit and display");

// One run; its result is renamed "run <name>". Loss log: <logs>/study_<name>.csv.
function styleRun(name, network, optimizer, rate, styleWeight, more) {
	options = "content=[" + contentTitle + "] style=[" + styleTitle + "] network=" + network + " optimizer="
		+ optimizer + " learning_rate=" + rate + " content_weight=1 style_weight=" + styleWeight + common + more
		+ " loss_log=[" + logs + "study_" + name + ".csv]";
	weights = value(network + "_weights", "");
	if (weights != "") options = options + " weights=[" + weights + "]";
	// Active, so that it is the one meant even if another open image has the same title.
	selectImage(contentID);
	openBefore = imageIDs();
	run("Neural Style", options);
	result = getImageID();
	rename("run " + name);
	runNames = Array.concat(runNames, name);
	runIDs = Array.concat(runIDs, result);
	// The plugin opens the run's own loss plot too: the study draws its plots from the loss logs.
	closeImagesOtherThan(Array.concat(openBefore, result));
}

// The ID of a run's result.
function runID(name) {
	for (i = 0; i < runNames.length; i++)
		if (runNames[i] == name) return runIDs[i];
	stop("No run " + name);
}

// A montage of runs' results in one row, each labelled, saved as montage_<name>.png; it stays open
// (titled "Study: <name>") when nothing is saved.
function montage(name, shown, labels, setting) {
	for (i = 0; i < shown.length; i++) {
		selectImage(runID(shown[i]));
		run("Duplicate...", "title=[panel: " + labels[i] + "]");
	}
	if (shown.length > 1) run("Images to Stack", "name=[Study panels] title=[panel: ] use");
	else {
		// Images to Stack needs two images, Make Montage a stack: one panel gets an empty second slice,
		// which the montage leaves out.
		rename("Study panels");
		run("Add Slice");
		setSlice(1);
		setMetadata("Label", "panel: " + labels[0]);
	}
	for (i = 1; i <= shown.length; i++) {
		setSlice(i);
		setMetadata("Label", substring(getInfo("slice.label"), lengthOf("panel: ")));
	}
	fontSize = maxOf(9, round(getWidth() / 12));
	run("Make Montage...", "columns=" + shown.length + " rows=1 scale=1 first=1 last=" + shown.length
		+ " increment=1 font=" + fontSize + " label");
	rename("Study: " + name + " (" + setting + ")");
	if (output != "") saveAs("PNG", output + "montage_" + name + ".png");
	close("Study panels");
}

// Plots one loss column of several runs' loss logs against the iteration, log scale, each run divided
// by its first value if relative. The limits fit every curve; the Log gets them.
function lossPlot(title, plotted, labels, column, relative, file) {
	colours = newArray("blue", "red", "#008000", "magenta", "orange", "cyan", "black", "gray");
	yLabel = column + " loss";
	if (relative) yLabel = yLabel + " / its start";
	Plot.create(title, "iteration", yLabel);
	Plot.setLogScaleY(true);
	legend = "";
	for (i = 0; i < plotted.length; i++) {
		x = csvColumn(logs + "study_" + plotted[i] + ".csv", "iteration");
		y = csvColumn(logs + "study_" + plotted[i] + ".csv", column);
		if (relative) {
			start = y[0];
			for (j = 0; j < y.length; j++) y[j] = y[j] / start;
		}
		Plot.setColor(colours[i % colours.length]);
		// The first curve wide, the others narrow: a curve on top of another leaves both visible.
		if (i == 0) Plot.setLineWidth(3);
		else Plot.setLineWidth(1);
		Plot.add("line", x, y, labels[i]);
		if (i > 0) legend = legend + "\t";
		legend = legend + labels[i];
	}
	Plot.setLegend(legend, "top-right");
	// Without this the range fits the first curve only, and the others may lie outside it.
	Plot.setLimitsToFit();
	// And a margin of 4% of the (log) range above and below, so that no curve runs along the frame
	// (not below a loss of 0, which a log axis cannot show anyway).
	Plot.getLimits(xMin, xMax, yMin, yMax);
	if (yMin > 0) {
		margin = pow(yMax / yMin, 0.04);
		if (margin < 1.01) margin = 1.01;
		Plot.setLimits(xMin, xMax, yMin / margin, yMax * margin);
	}
	Plot.show();
	Plot.getLimits(xMin, xMax, yMin, yMax);
	print("  " + file + ": iteration " + xMin + " to " + xMax + ", " + yLabel + " " + d2s(yMin, -9) + " to "
		+ d2s(yMax, -9));
	if (output != "") saveAs("PNG", output + file + ".png");
}

// Closes the runs' results: the montages show them.
function closeRuns() {
	for (i = 0; i < runIDs.length; i++) {
		selectImage(runIDs[i]);
		close();
	}
}

// One column of a loss log (CSV with a header line) as numbers; read as text so it works headless,
// where ImageJ has no tables.
function csvColumn(path, name) {
	lines = split(File.openAsString(path), "\n");
	header = split(lines[0], ",");
	c = -1;
	for (j = 0; j < header.length; j++)
		if (header[j] == name) c = j;
	if (c < 0) stop("No column '" + name + "' in " + path);
	values = newArray(lines.length - 1);
	for (i = 1; i < lines.length; i++) {
		fields = split(lines[i], ",");
		values[i - 1] = parseFloat(fields[c]);
	}
	return values;
}

// The IDs of the open images.
function imageIDs() {
	ids = newArray(nImages);
	for (i = 1; i <= nImages; i++) {
		selectImage(i);
		ids[i - 1] = getImageID();
	}
	return ids;
}

function closeImagesOtherThan(keep) {
	ids = imageIDs();
	for (i = 0; i < ids.length; i++) {
		kept = false;
		for (j = 0; j < keep.length; j++)
			if (keep[j] == ids[i]) kept = true;
		if (!kept) {
			selectImage(ids[i]);
			close();
		}
	}
}

// Makes a folder and the folders above it that are not there.
function makeFolders(path) {
	if (File.exists(path)) return;
	parent = File.getParent(path);
	if (parent != "" && parent != path) makeFolders(parent);
	File.makeDirectory(path);
}

function where(output) {
	if (output == "") return "";
	return ", saved in " + output;
}

// A value of the macro's argument in ImageJ's key=value / key=[value with spaces] form, or the
// default (names matched exactly).
function value(key, default) {
	return call("sc.fiji.neuralstyle.fiji.MacroArguments.value", args, key, default);
}

// Ends the macro with a message. Without an ImageJ window (Fiji --headless, ImageJ -batch) it also ends
// the process with exit code 1, so that the script that started it sees the failure: exit() alone
// ends with 0.
function stop(message) {
	if (!startsWith("" + call("ij.IJ.getInstance"), "ij.ImageJ")) {
		print(message);
		call("java.lang.System.exit", "1");
	}
	exit(message);
}
