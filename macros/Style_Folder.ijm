// Neural Style example 2: style every image of a folder with one style image, in batch mode.
//
// Interactive: run it and choose the input folder, the style image and the output folder.
// Headless (or from another macro), pass them as an argument:
//   ImageJ-linux64 --headless --console -macro Style_Folder.ijm \
//       "input=[/data/cells/] style=[/data/starry_night.jpg] output=[/data/styled/] size=256 iterations=100"
// Argument keys: input, style, output (folders and the style file) and any key of Neural Style
// (network, weights, iterations, size, ...), passed on unchanged. Writes <name>_styled.png (RGB) or
// <name>_styled.tif (gray, keeps the bit depth) and <name>_losses.csv per image into the output folder,
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
	input = getDirectory("Folder of images to style");
	stylePath = File.openDialog("Style image");
	output = getDirectory("Folder for the results");
	args = "input=[" + input + "] style=[" + stylePath + "] output=[" + output + "]";
}
input = folder(value(args, "input", ""), "input");
output = outputFolder(value(args, "output", ""));
stylePath = value(args, "style", "");
if (!File.exists(stylePath)) stop("No style image file: '" + stylePath + "'. Give style=[path of an image file].");
options = passOn(args);

wasBatch = is("Batch Mode");
setBatchMode(true);
before = imageIDs();
open(stylePath);
styleTitle = getTitle();
styleID = getImageID();
keep = Array.concat(before, styleID);
files = getFileList(input);
done = 0;
for (i = 0; i < files.length; i++) {
	path = input + files[i];
	if (File.isDirectory(path) || !isImage(files[i]) || path == stylePath) continue;
	open(path);
	contentTitle = getTitle();
	name = File.getNameWithoutExtension(path);
	extension = ".png";
	if (bitDepth() != 24) extension = ".tif";
	result = output + name + "_styled" + extension;
	showProgress(done, files.length);
	run("Neural Style", "content=[" + contentTitle + "] style=[" + styleTitle + "] output=[" + result
		+ "] loss_log=[" + output + name + "_losses.csv]" + options);
	print("Neural Style: " + files[i] + " -> " + result);
	done++;
	// The content, its result and the loss plot are done with.
	closeImagesOtherThan(keep);
}
selectImage(styleID);
close();
if (!wasBatch) setBatchMode(false);
print("Neural Style: styled " + done + " image(s) of " + input + " into " + output);

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

function isImage(name) {
	extensions = newArray(".tif", ".tiff", ".png", ".jpg", ".jpeg", ".gif", ".bmp");
	for (e = 0; e < extensions.length; e++)
		if (endsWith(toLowerCase(name), extensions[e])) return true;
	return false;
}

// A folder path ending with the separator; stops the macro if it is no folder.
function folder(path, key) {
	if (path == "" || !File.isDirectory(path)) stop("No " + key + " folder: '" + path + "'. Give " + key + "=[path of a folder].");
	if (!endsWith(path, "/") && !endsWith(path, File.separator)) path = path + File.separator;
	return path;
}

// The output folder, made (with the folders above it) if it is not there, as the Spark application
// does; stops the macro if it cannot be made.
function outputFolder(path) {
	if (path == "") stop("No output folder given. Give output=[path of a folder].");
	makeFolders(path);
	if (!File.isDirectory(path)) stop("Cannot make the output folder '" + path + "'. Give output=[a folder you can write in].");
	if (!endsWith(path, "/") && !endsWith(path, File.separator)) path = path + File.separator;
	return path;
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
	return call("sc.fiji.neuralstyle.fiji.MacroArguments.without", args, "input,style,output,loss_log");
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
