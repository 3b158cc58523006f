// Run by MacroTest in ImageJ1's batch mode (ImageJ -batch macro-test.ijm "<args>"): uses the plugin
// the way macro writers do and prints "CHECK name=value" lines for the test to compare.
// Arguments: samples, weights, macros (folders/files of the project), out (a folder to write in),
// squeezenet, googlenet (seeded weights files for the study's light networks), timelapse (a 3-frame
// TIFF time-lapse).
args = getArgument();
samples = value("samples");
weights = value("weights");
macros = value("macros");
out = value("out");
tiny = " network=alexnet weights=[" + weights + "] iterations=3 size=48";

// 0. Files instead of open images, with no image open, as with Fiji's --headless --run "Neural Style" "...".
run("Neural Style", "content=[" + samples + "coffee.png] style=[" + samples + "starry_night.jpg]" + tiny
	+ " output=[" + out + "from-files.png]");
check("files.title", getTitle());
check("files.images", nImages);
close("*");

// 1. RGB content and style, the result becomes the active image.
open(samples + "coffee.png");
open(samples + "starry_night.jpg");
before = nImages;
run("Neural Style", "content=coffee.png style=starry_night.jpg" + tiny + " loss_log=[" + out + "losses.csv]");
check("rgb.title", getTitle());
check("rgb.size", "" + getWidth() + "x" + getHeight());
check("rgb.bitDepth", bitDepth());
check("rgb.newImages", nImages - before);
check("rgb.info", replace(getMetadata("Info"), "\n", " | "));

// 2. 8-bit gray content stays 8-bit gray.
open(samples + "cell.png");
run("Neural Style", "content=cell.png style=starry_night.jpg" + tiny);
check("gray.size", "" + getWidth() + "x" + getHeight());
check("gray.bitDepth", bitDepth());

// 3. One channel of every slice of a 16-bit 2-channel stack.
newImage("cells", "16-bit ramp", 40, 30, 2, 2, 1);
run("Neural Style", "content=cells style=starry_night.jpg" + tiny + " channel=2 planes=all");
check("stack.size", "" + getWidth() + "x" + getHeight() + "x" + nSlices);
check("stack.bitDepth", bitDepth());

// 4. The example macros, as a user calls them from a macro or headless.
selectImage("coffee.png");
runMacro(macros + "Style_Current_Image.ijm", "style=[" + samples + "starry_night.jpg]" + tiny
	+ " output=[" + out + "current.png]");
check("current.active", getTitle());

File.makeDirectory(out + "in");
File.makeDirectory(out + "styled");
File.copy(samples + "coffee.png", out + "in/coffee.png");
File.copy(samples + "cell.png", out + "in/cell.png");
n = nImages;
runMacro(macros + "Style_Folder.ijm", "input=[" + out + "in/] style=[" + samples + "starry_night.jpg] output=["
	+ out + "styled/] network=alexnet weights=[" + weights + "] iterations=2 size=48");
check("folder.imagesLeftOpen", nImages - n);

// A 3-frame time-lapse (a TIFF the test wrote) styled with and without temporal coherence.
n = nImages;
runMacro(macros + "Style_Time_Lapse.ijm", "content=[" + value("timelapse") + "] style=[" + samples
	+ "starry_night.jpg] output=[" + out + "timelapse/] network=alexnet weights=[" + weights + "] iterations=2 size=48");
check("timelapse.imagesLeftOpen", nImages - n);

File.makeDirectory(out + "study");
n = nImages;
runMacro(macros + "Study_Comparisons.ijm", "content=[" + samples + "coffee.png] style=[" + samples
	+ "starry_night.jpg] output=[" + out + "study/] size=48 iterations=3 networks=alexnet,squeezenet1_1,googlenet"
	+ " alexnet_weights=[" + weights + "] squeezenet1_1_weights=[" + value("squeezenet") + "] googlenet_weights=["
	+ value("googlenet") + "]");
check("study.imagesLeftOpen", nImages - n);
check("end", "reached");

function check(name, v) {
	print("CHECK " + name + "=" + v);
}

function value(key) {
	return call("ij.Macro.getValue", args + " ", key, "");
}
