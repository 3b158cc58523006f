// Neural Style example 5: train a fast-style model on a time-lapse's own frames, then style every frame
// of it with the model, one pass a frame (docs/stacks.md, Fast styles).
//
// Interactive: run it and choose the time-lapse (a TIFF stack or an AVI), the style image and the
// output folder.
// Headless (or from another macro), pass them as an argument:
//   ImageJ-linux64 --headless --console -macro Train_And_Style_Time_Lapse.ijm \
//       "content=[/data/cells.tif] style=[/data/starry_night.jpg] output=[/data/styled/] steps=2000 size=256"
// Argument keys: content (the stack file), style (file), output (folder) and any key of Train Fast Style
// (network, weights, steps, batch_size, size, learning_rate, seed, temporal_weight, checkpoint_every,
// ...), passed on unchanged to the training. The styling keeps the time-lapse's own size.
// Writes into the output folder, which is made if it is not there: <name>.pth (the model, which
// run("Neural Style", "model=[...]") applies to any image or stack) and its checkpoint
// <name>.checkpoint.pth (run the macro again with more steps and it continues from there),
// <name>_training_losses.csv (a row a training step), <name>_styled.tif (every frame styled) and
// <name>_first_frame.png (the first frame and its styled frame side by side).
// Needs ImageJ 1.54f or newer (docs/fiji.md, Which ImageJ); not requires(), which ends with exit code 0.
if (getVersion() < "1.54f") stop("Neural Style's macros need ImageJ 1.54f or newer, this is " + getVersion()
	+ "; update ImageJ (Help > Update ImageJ...)");
// Plain ImageJ's batch mode (-batch) finds the plugins only when a command runs, and call() cannot see
// Neural Style's classes before that; listing the commands finds them (Fiji finds them at its start).
List.setCommands;
List.clear();

args = getArgument();
if (args == "") {
	contentPath = File.openDialog("Time-lapse to train on and style (a TIFF stack or an AVI)");
	stylePath = File.openDialog("Style image");
	output = getDirectory("Folder for the model and the results");
	args = "content=[" + contentPath + "] style=[" + stylePath + "] output=[" + output + "]";
}
contentPath = value(args, "content", "");
if (contentPath == "" || !File.exists(contentPath) || File.isDirectory(contentPath))
	stop("No time-lapse file: '" + contentPath + "'. Give content=[path of a TIFF stack or an AVI].");
stylePath = value(args, "style", "");
if (!File.exists(stylePath) || File.isDirectory(stylePath))
	stop("No style image file: '" + stylePath + "'. Give style=[path of an image file].");
outputPath = value(args, "output", "");
if (outputPath == "") stop("No output folder given. Give output=[path of a folder].");
name = File.getNameWithoutExtension(contentPath);
// The names in the folder: checked against the inputs before anything is written (Train Fast Style
// checks its model, checkpoint and loss log again, by identity).
written = newArray(".pth", ".checkpoint.pth", "_training_losses.csv", "_styled.tif", "_first_frame.png");
for (i = 0; i < written.length; i++) {
	path = joined(outputPath, name + written[i]);
	if (path == contentPath || path == stylePath)
		stop("The output " + path + " is an input file. Give output=[another folder].");
}
// Every other key goes to the training, which checks it (and names a wrong one).
options = call("sc.fiji.neuralstyle.fiji.MacroArguments.without", args, "content,style,output,model,loss_log,checkpoint");

wasBatch = is("Batch Mode");
setBatchMode(true);
before = imageIDs();
open(contentPath);
contentID = getImageID();
contentTitle = getTitle();
getDimensions(width, height, channels, slices, frames);
if (slices * frames < 2) {
	closeImagesOtherThan(before);
	if (!wasBatch) setBatchMode(false);
	stop("content: " + contentPath + " has one frame and one slice; give a TIFF stack or an AVI of several frames.");
}
output = outputFolder(outputPath, before);
open(stylePath);
styleTitle = getTitle();

// 1. Train on every frame. Esc stops it at the next step and keeps the model of its last checkpoint.
model = output + name + ".pth";
lossLog = output + name + "_training_losses.csv";
selectImage(contentID);
run("Train Fast Style", "content=[" + contentTitle + "] style=[" + styleTitle + "] model=[" + model + "] loss_log=["
	+ lossLog + "] " + options);
print("Train and Style: " + model + " (the model trained on the " + slices * frames + " planes)");
print("Train and Style: " + lossLog + " (the training's losses, a row a step)");

// 2. Style every frame with it, at the time-lapse's own size.
styled = output + name + "_styled.tif";
selectImage(contentID);
run("Neural Style", "content=[" + contentTitle + "] model=[" + model + "] planes=all size=" + maxOf(16, maxOf(width,
	height)) + " output=[" + styled + "]");
styledID = getImageID();
print("Train and Style: " + styled + " (" + nSlices + " planes styled)");

// 3. The first frame and its styled frame, side by side.
first = firstFrame(contentID, "Train and Style content " + contentID);
firstStyled = firstFrame(styledID, "Train and Style styled " + styledID);
run("Combine...", "stack1=[" + first + "] stack2=[" + firstStyled + "]");
montage = output + name + "_first_frame.png";
part = output + "." + name + "_first_frame.part.png";
saveAs("PNG", part);
close();
if (!File.rename(part, montage)) {
	deleted = File.delete(part);
	stop("Cannot write " + montage + ". Give output=[a folder you can write in].");
}
print("Train and Style: " + montage + " (the first frame | styled)");

closeImagesOtherThan(before);
if (!wasBatch) setBatchMode(false);

// The first plane of an image as an RGB image of its own; returns its title.
function firstFrame(id, title) {
	selectImage(id);
	setSlice(1);
	run("Duplicate...", "title=[" + title + "]");
	if (bitDepth() != 24) run("RGB Color");
	return getTitle();
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

// The output folder, made (with the folders above it) if it is not there; stops the macro if it
// cannot be made. The images open before the macro stay open.
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
