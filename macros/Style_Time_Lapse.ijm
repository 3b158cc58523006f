// Neural Style example 4: style a time-lapse twice, with and without temporal coherence, and put the two
// side by side, to see what coherence does against flicker and ghosts.
//
// Interactive: run it and choose the time-lapse (a TIFF stack or an AVI), the style image and the
// output folder.
// Headless (or from another macro), pass them as an argument:
//   ImageJ-linux64 --headless --console -macro Style_Time_Lapse.ijm \
//       "content=[/data/cells.tif] style=[/data/starry_night.jpg] output=[/data/styled/] size=256 iterations=100"
// Argument keys: content (the stack file), style (file), output (folder) and any key of Neural Style
// (network, weights, iterations, size, temporal_weight, temporal_frames, ...), passed on unchanged.
// Styles every plane (planes=all) twice: with coherence (temporal_weight and temporal_frames as given,
// else their defaults; first, so that every setting given is checked before any work) and without
// (temporal_weight=0: each plane starts from the previous result as it is). Writes <name>_with.tif,
// <name>_without.tif, each run's loss log (<name>_with_losses.csv, <name>_without_losses.csv) and
// <name>_side_by_side.tif (without | with, Image > Stacks > Tools > Combine...) into the output folder,
// which is made if it is not there.
// Needs ImageJ 1.54f or newer (docs/fiji.md, Which ImageJ); not requires(), which ends with exit code 0.
if (getVersion() < "1.54f") stop("Neural Style's macros need ImageJ 1.54f or newer, this is " + getVersion()
	+ "; update ImageJ (Help > Update ImageJ...)");
// Plain ImageJ's batch mode (-batch) finds the plugins only when a command runs, and call() cannot see
// Neural Style's classes before that; listing the commands finds them (Fiji finds them at its start).
List.setCommands;
List.clear();

args = getArgument();
if (args == "") {
	contentPath = File.openDialog("Time-lapse to style (a TIFF stack or an AVI)");
	stylePath = File.openDialog("Style image");
	output = getDirectory("Folder for the results");
	args = "content=[" + contentPath + "] style=[" + stylePath + "] output=[" + output + "]";
}
contentPath = value(args, "content", "");
if (contentPath == "" || !File.exists(contentPath) || File.isDirectory(contentPath))
	stop("No time-lapse file: '" + contentPath + "'. Give content=[path of a TIFF stack or an AVI].");
stylePath = value(args, "style", "");
if (!File.exists(stylePath) || File.isDirectory(stylePath))
	stop("No style image file: '" + stylePath + "'. Give style=[path of an image file].");
temporalWeight = value(args, "temporal_weight", "");
if (temporalWeight != "" && parseFloat(temporalWeight) == 0)
	stop("temporal_weight: " + temporalWeight + " is the run without coherence, so there would be nothing to compare;"
		+ " leave temporal_weight out (its default) or give a weight above 0.");
outputPath = value(args, "output", "");
if (outputPath == "") stop("No output folder given. Give output=[path of a folder].");
name = File.getNameWithoutExtension(contentPath);
// The names in the folder, with one separator: checked against the inputs before anything is written.
written = newArray("_with.tif", "_without.tif", "_with_losses.csv", "_without_losses.csv", "_side_by_side.tif");
for (i = 0; i < written.length; i++) {
	path = joined(outputPath, name + written[i]);
	if (path == contentPath || path == stylePath)
		stop("The output " + path + " is an input file. Give output=[another folder].");
}
// planes=all whatever was given: a time-lapse is all its planes. Neural Style checks the rest.
options = passOn(args);
optionsWithout = call("sc.fiji.neuralstyle.fiji.MacroArguments.without", options, "temporal_weight,temporal_frames")
	+ " temporal_weight=0";

wasBatch = is("Batch Mode");
setBatchMode(true);
before = imageIDs();
open(contentPath);
contentID = getImageID();
getDimensions(width, height, channels, slices, frames);
// Planes in a sequence (frames, else slices); channels are never one.
planes = slices * frames;
if (planes < 2) {
	close();
	if (!wasBatch) setBatchMode(false);
	stop("content: " + contentPath + " has one frame and one slice, so nothing moves; give a TIFF stack or an AVI of"
		+ " several frames.");
}
output = outputFolder(outputPath, before);
open(stylePath);
styleTitle = getTitle();
styleID = getImageID();
keep = Array.concat(before, newArray(contentID, styleID));

// With coherence first: a wrong setting stops the macro before any plane is styled.
withID = style(contentID, styleTitle, output + name + "_with", "with", options);
keep = Array.concat(keep, withID);
closeImagesOtherThan(keep);
withoutID = style(contentID, styleTitle, output + name + "_without", "without", optionsWithout);
keep = Array.concat(keep, withoutID);
closeImagesOtherThan(keep);

// Side by side, without | with, on duplicates (Combine closes the stacks it is given).
withTitle = duplicate(withID, "Neural Style with coherence");
withoutTitle = duplicate(withoutID, "Neural Style without coherence");
selectImage(withID);
getDimensions(width, height, channels, slices, frames);
interval = Stack.getFrameInterval();
run("Combine...", "stack1=[" + withoutTitle + "] stack2=[" + withTitle + "]");
// Combine makes a plain stack of slices: a time-lapse stays frames (T), at its frame interval.
Stack.setDimensions(channels, slices, frames);
Stack.setFrameInterval(interval);
sideBySide = output + name + "_side_by_side.tif";
// Saved under a hidden name and renamed onto the target, so that the file is whole or not there.
part = output + "." + name + "_side_by_side.part.tif";
saveAs("Tiff", part);
close();
if (!File.rename(part, sideBySide)) {
	deleted = File.delete(part);
	stop("Cannot write " + sideBySide + ". Give output=[a folder you can write in].");
}
print("Neural Style: " + sideBySide + " (without | with coherence, " + planes + " planes)");

closeImagesOtherThan(before);
if (!wasBatch) setBatchMode(false);

// Styles every plane of the content with the options, writes <stem>.tif and <stem>_losses.csv and
// returns the result's ID; coherence ("with" or "without") names the run in the Log.
function style(contentID, styleTitle, stem, coherence, options) {
	result = stem + ".tif";
	lossLog = stem + "_losses.csv";
	// Active, so that it is the one meant even if another open image has the same title.
	selectImage(contentID);
	getDimensions(width, height, channels, slices, frames);
	planes = slices * frames;
	run("Neural Style", "content=[" + getTitle() + "] style=[" + styleTitle + "] planes=all output=[" + result
		+ "] loss_log=[" + lossLog + "]" + options);
	id = getImageID();
	print("Neural Style: " + result + " (" + planes + " planes styled " + coherence + " temporal coherence)");
	print("Neural Style: " + lossLog + " (the losses " + coherence + " coherence)");
	return id;
}

// A duplicate of every plane of the image, with a title of its own; returns the title.
function duplicate(id, title) {
	selectImage(id);
	title = title + " " + getImageID();
	run("Duplicate...", "title=[" + title + "] duplicate");
	return title;
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

// A file name in a folder, with one separator between them.
function joined(folder, file) {
	if (!endsWith(folder, "/") && !endsWith(folder, File.separator)) folder = folder + File.separator;
	return folder + file;
}

// The output folder, made (with the folders above it) if it is not there, as the Spark application
// does; stops the macro if it cannot be made.
// The images open before the macro stay open.
function outputFolder(path, before) {
	makeFolders(path);
	if (!File.isDirectory(path)) {
		closeImagesOtherThan(before);
		stop("Cannot make the output folder '" + path + "'. Give output=[a folder you can write in].");
	}
	// Assigned first: ImageJ takes "return f(...)" of a user function for a number.
	folder = joined(path, "");
	return folder;
}

function makeFolders(path) {
	if (File.exists(path)) return;
	parent = File.getParent(path);
	if (parent != "" && parent != path) makeFolders(parent);
	File.makeDirectory(path);
}

// A value from an argument in ImageJ's key=value / key=[value with spaces] form, or the default
// (names matched exactly: size= is not found inside history_size=).
function value(args, key, default) {
	return call("sc.fiji.neuralstyle.fiji.MacroArguments.value", args, key, default);
}

// Every other key of the argument, passed on to Neural Style unchanged (which names a wrong one).
function passOn(args) {
	return call("sc.fiji.neuralstyle.fiji.MacroArguments.without", args, "content,style,output,loss_log,planes");
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
