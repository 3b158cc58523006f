// Neural Style example 3: the comparisons of the original study, on one content and one style image:
//   network     VGG16 vs AlexNet     (both with Adam, alpha/beta = 1e-3)
//   optimiser   Adam vs SGD          (VGG16, alpha/beta = 1e-3)
//   alpha/beta  1e-3 vs 1e-5         (VGG16, Adam)
// Four runs make the six panels of a montage (the VGG16/Adam/1e-3 run is the reference of every row),
// and loss plots per comparison (total loss per iteration, log scale; for alpha/beta also the
// unweighted style loss, which is comparable across weights).
//
// Interactive: run it and choose the images; the montage and plots stay open.
// Headless or from another macro:
//   ImageJ-linux64 --headless --console -macro Study_Comparisons.ijm \
//       "content=[/p/coffee.png] style=[/p/starry_night.jpg] output=[/p/study/] size=256 iterations=200"
// Argument keys: content, style (files), output (folder; the montage, plots and loss logs are saved
// there), size, iterations, init, seed, device, sgd_learning_rate (SGD needs one tuned to the loss
// scale; default: Neural Style's), and first_network/first_weights, second_network/second_weights
// (default vgg16 and alexnet with downloaded weights).
requires("1.54f");
var contentTitle = "";
var contentID = 0;
var styleTitle = "";
var common = "";
var logs = "";
var output = "";

args = getArgument();
if (args == "") {
	contentPath = File.openDialog("Content image");
	stylePath = File.openDialog("Style image");
	args = "content=[" + contentPath + "] style=[" + stylePath + "]";
}
contentPath = value(args, "content", "");
stylePath = value(args, "style", "");
if (!File.exists(contentPath)) exit("No content image file: '" + contentPath + "'. Give content=[path].");
if (!File.exists(stylePath)) exit("No style image file: '" + stylePath + "'. Give style=[path].");
output = value(args, "output", "");
if (output != "" && !endsWith(output, "/") && !endsWith(output, File.separator)) output = output + File.separator;
if (output != "" && !File.isDirectory(output)) exit("No output folder: '" + output + "'.");
logs = output;
if (logs == "") logs = getDirectory("temp");

net1 = value(args, "first_network", "vgg16");
net2 = value(args, "second_network", "alexnet");
common = " size=" + value(args, "size", "256") + " iterations=" + value(args, "iterations", "200")
	+ " init=[" + value(args, "init", "content") + "] seed=" + value(args, "seed", "0")
	+ " device=" + value(args, "device", "auto");
sgdRate = value(args, "sgd_learning_rate", "0");

wasBatch = is("Batch Mode");
setBatchMode(true);
before = imageIDs();
open(contentPath);
contentTitle = getTitle();
contentID = getImageID();
open(stylePath);
styleTitle = getTitle();

// name, network, weights, optimiser, learning rate, style weight (content weight 1: alpha/beta = 1/beta)
reference = styleRun("reference", net1, value(args, "first_weights", ""), "adam", "0", "1000");
otherNet = styleRun("network", net2, value(args, "second_weights", ""), "adam", "0", "1000");
sgd = styleRun("sgd", net1, value(args, "first_weights", ""), "sgd", sgdRate, "1000");
strong = styleRun("ratio", net1, value(args, "first_weights", ""), "adam", "0", "100000");

tile(reference, net1 + " (Adam, 1e-3)");
tile(otherNet, net2 + " (Adam, 1e-3)");
tile(reference, "Adam (" + net1 + ", 1e-3)");
tile(sgd, "SGD (" + net1 + ", 1e-3)");
tile(reference, "a/b 1e-3 (" + net1 + ", Adam)");
tile(strong, "a/b 1e-5 (" + net1 + ", Adam)");
run("Images to Stack", "name=[Study panels] title=[panel: ] use");
for (i = 1; i <= nSlices; i++) {
	setSlice(i);
	setMetadata("Label", substring(getInfo("slice.label"), lengthOf("panel: ")));
}
fontSize = maxOf(9, round(getWidth() / 16));
run("Make Montage...", "columns=2 rows=3 scale=1 font=" + fontSize + " label");
rename("Study comparisons");
montage = getTitle();
if (output != "") saveAs("PNG", output + "comparisons_montage.png");
montage = getTitle();
close("Study panels");

lossPlot("Network: " + net1 + " vs " + net2, "reference", net1, "network", net2, "total", "plot_network");
lossPlot("Optimiser: Adam vs SGD", "reference", "Adam", "sgd", "SGD", "total", "plot_optimizer");
lossPlot("alpha/beta: 1e-3 vs 1e-5 (total)", "reference", "1e-3", "ratio", "1e-5", "total", "plot_ratio_total");
lossPlot("alpha/beta: 1e-3 vs 1e-5 (style loss)", "reference", "1e-3", "ratio", "1e-5", "style", "plot_ratio_style");
print("Neural Style study: 4 runs; montage '" + montage + "'" + where(output));
close("panel: *");
if (output != "") {
	// Saved: close what this macro opened, leave the caller's images alone.
	closeImagesOtherThan(before);
	if (!wasBatch) setBatchMode(false);
}
else if (!wasBatch) setBatchMode("exit and display");

// One run; returns the ID of its result (renamed "run <name>"). Loss log: <logs>/study_<name>.csv.
function styleRun(name, network, weights, optimizer, rate, styleWeight) {
	options = "content=[" + contentTitle + "] style=[" + styleTitle + "] network=" + network + " optimizer="
		+ optimizer + " learning_rate=" + rate + " content_weight=1 style_weight=" + styleWeight + common
		+ " loss_log=[" + logs + "study_" + name + ".csv]";
	if (weights != "") options = options + " weights=[" + weights + "]";
	// Active, so that it is the one meant even if another open image has the same title.
	selectImage(contentID);
	run("Neural Style", options);
	rename("run " + name);
	return getImageID();
}

// A copy of a result as a montage panel, its title the panel's label.
function tile(id, label) {
	selectImage(id);
	run("Duplicate...", "title=[panel: " + label + "]");
}

// Plots one loss column of two runs' loss logs against the iteration, log scale.
function lossPlot(title, run1, label1, run2, label2, column, file) {
	x1 = csvColumn(logs + "study_" + run1 + ".csv", "iteration");
	y1 = csvColumn(logs + "study_" + run1 + ".csv", column);
	x2 = csvColumn(logs + "study_" + run2 + ".csv", "iteration");
	y2 = csvColumn(logs + "study_" + run2 + ".csv", column);
	Plot.create(title, "iteration", column + " loss");
	Plot.setLogScaleY(true);
	Plot.setColor("blue");
	Plot.add("line", x1, y1, label1);
	Plot.setColor("red");
	Plot.add("line", x2, y2, label2);
	Plot.setLegend(label1 + "\t" + label2, "top-right");
	Plot.show();
	if (output != "") saveAs("PNG", output + file + ".png");
}

// One column of a loss log (CSV with a header line) as numbers; read as text so it works headless,
// where ImageJ has no tables.
function csvColumn(path, name) {
	lines = split(File.openAsString(path), "\n");
	header = split(lines[0], ",");
	c = -1;
	for (j = 0; j < header.length; j++)
		if (header[j] == name) c = j;
	if (c < 0) exit("No column '" + name + "' in " + path);
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

function where(output) {
	if (output == "") return "";
	return ", saved in " + output;
}

// A value from an argument in ImageJ's key=value / key=[value with spaces] form, or the default
// (names matched exactly).
function value(args, key, default) {
	return call("sc.fiji.neuralstyle.fiji.MacroArguments.value", args, key, default);
}
