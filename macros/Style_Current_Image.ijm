// Neural Style example 1: style the active image with a style image from a file.
//
// Interactive: open the image to style, run this macro, choose the style file and a few settings.
// From another macro or headless, pass the settings as an argument (Neural Style's own keys):
//   runMacro("/path/Style_Current_Image.ijm", "style=[/path/starry_night.jpg] size=256 iterations=100");
//   ImageJ-linux64 --headless --console -macro Style_Current_Image.ijm \
//       "content=[/path/coffee.png] style=[/path/starry_night.jpg] output=[/path/coffee_styled.png]"
// Argument keys: style (file, needed), content (file; default: the active image), and any key of
// Neural Style (network, weights, iterations, size, output, loss_log, ...), passed on unchanged.
// Needs ImageJ 1.54f or newer (docs/fiji.md, Which ImageJ); not requires(), which ends with exit code 0.
if (getVersion() < "1.54f") stop("Neural Style's macros need ImageJ 1.54f or newer, this is " + getVersion()
	+ "; update ImageJ (Help > Update ImageJ...)");
// Plain ImageJ's batch mode (-batch) finds the plugins only when a command runs, and call() cannot see
// Neural Style's classes before that; listing the commands finds them (Fiji finds them at its start).
List.setCommands;
List.clear();

args = getArgument();
if (args == "") {
	if (nImages == 0) stop("Open the image to style first, then run this macro again.");
	Dialog.create("Style Current Image");
	Dialog.addFile("Style image", "");
	Dialog.addChoice("Network", newArray("vgg19", "vgg16", "alexnet"), "vgg19");
	Dialog.addNumber("Size", 512, 0, 6, "px (longest side)");
	Dialog.addNumber("Iterations", 300, 0, 6, "");
	Dialog.addNumber("Style weight (beta)", 1000, 0, 8, "content weight 1: alpha/beta = 1e-3");
	Dialog.show();
	args = "style=[" + Dialog.getString() + "] network=" + Dialog.getChoice() + " size=" + Dialog.getNumber()
		+ " iterations=" + Dialog.getNumber() + " style_weight=" + Dialog.getNumber();
}

stylePath = value(args, "style", "");
contentPath = value(args, "content", "");
if (stylePath == "" || !File.exists(stylePath)) stop("No style image file: '" + stylePath + "'. Give style=[path of an image file].");
if (contentPath != "") {
	if (!File.exists(contentPath)) stop("No content image file: '" + contentPath + "'.");
	open(contentPath);
}
if (nImages == 0) stop("No image to style: open one, or give content=[path of an image file].");
contentTitle = getTitle();
contentID = getImageID();
open(stylePath);
styleTitle = getTitle();
// Active, so that it is the one meant even if another open image has the same title.
selectImage(contentID);

run("Neural Style", "content=[" + contentTitle + "] style=[" + styleTitle + "]" + passOn(args));
print("Neural Style: '" + contentTitle + "' styled as '" + styleTitle + "' -> '" + getTitle() + "' ("
	+ getWidth() + "x" + getHeight() + ", " + bitDepth() + "-bit)");

// A value from an argument in ImageJ's key=value / key=[value with spaces] form, or the default
// (names matched exactly: size= is not found inside history_size=).
function value(args, key, default) {
	return call("sc.fiji.neuralstyle.fiji.MacroArguments.value", args, key, default);
}

// Every other key of the argument, passed on to Neural Style unchanged (which names a wrong one).
function passOn(args) {
	return call("sc.fiji.neuralstyle.fiji.MacroArguments.without", args, "content,style");
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
