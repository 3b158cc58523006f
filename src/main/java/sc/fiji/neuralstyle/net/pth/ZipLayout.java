package sc.fiji.neuralstyle.net.pth;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import sc.fiji.neuralstyle.net.pth.TorchUnpickler.StorageRef;
import sc.fiji.neuralstyle.net.pth.TorchUnpickler.StorageType;

/**
 * The zip layout of PyTorch 1.6 and later: {@code <prefix>/data.pkl} holds the pickle, each storage is
 * the entry {@code <prefix>/data/<key>}, and {@code <prefix>/byteorder}, when present, says the byte
 * order. Entries are read at random through the zip's central directory, so unwanted storages are
 * never touched.
 */
final class ZipLayout extends PthLayout {

	private final ZipFile zip;
	private final String prefix;
	private final ByteOrder order;

	ZipLayout(Path file) throws IOException {
		super(file);
		try {
			zip = new ZipFile(file.toFile());
		}
		catch (ZipException e) {
			throw fail("it starts like a zip archive (the layout of PyTorch 1.6 and later) but its zip "
				+ "directory cannot be read (" + e.getMessage() + "). The file is damaged or truncated, "
				+ "e.g. by an interrupted download; download or save it again.");
		}
		try {
			String dataPkl = null;
			boolean torchScript = false;
			for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
				String name = e.nextElement().getName();
				int slash = name.indexOf('/');
				String inner = slash < 0 ? name : name.substring(slash + 1);
				if (inner.equals("constants.pkl") || inner.startsWith("code/")) torchScript = true;
				if (inner.equals("data.pkl") && dataPkl == null) dataPkl = name;
			}
			if (torchScript) {
				throw fail("it is a TorchScript archive (saved with torch.jit.save), not a state dict. "
					+ "In Python, save its weights with: m = torch.jit.load('" + file.getFileName()
					+ "'); torch.save(m.state_dict(), 'weights.pth')");
			}
			if (dataPkl == null) {
				throw fail("it is a zip archive without a data.pkl entry, so not a file saved with "
					+ "torch.save. Expected a .pth file saved with torch.save(model.state_dict(), ...).");
			}
			prefix = dataPkl.substring(0, dataPkl.length() - "data.pkl".length());
			order = readByteOrder();
		}
		catch (RuntimeException | IOException e) {
			zip.close();
			throw e;
		}
	}

	private ByteOrder readByteOrder() throws IOException {
		ZipEntry entry = zip.getEntry(prefix + "byteorder");
		if (entry == null) return ByteOrder.LITTLE_ENDIAN; // files from before PyTorch 1.13 or so
		try (InputStream in = zip.getInputStream(entry)) {
			String text = new String(in.readNBytes(16), StandardCharsets.US_ASCII).trim();
			if (text.equals("little")) return ByteOrder.LITTLE_ENDIAN;
			if (text.equals("big")) return ByteOrder.BIG_ENDIAN;
			throw fail("its byteorder entry says '" + text + "' instead of 'little' or 'big'.");
		}
	}

	@Override
	Object root() throws IOException {
		TorchUnpickler unpickler = new TorchUnpickler(this::persistentLoad);
		try (InputStream in = new BufferedInputStream(zip.getInputStream(zip.getEntry(prefix + "data.pkl")))) {
			return unpickler.load(in);
		}
	}

	/** Persistent ids are {@code ('storage', storage_type, key, location, numel)}. */
	private Object persistentLoad(Object pid) {
		Object[] id = (Object[]) pid;
		if (!"storage".equals(TorchUnpickler.asString(id[0])) || !(id[1] instanceof StorageType type)) {
			throw fail("it refers to an unknown kind of saved object: " + java.util.Arrays.toString(id));
		}
		return new StorageRef(TorchUnpickler.asString(id[2]), type.dtype(), TorchUnpickler.toLong(id[4]), 0);
	}

	@Override
	InputStream open(StorageRef storage, long elementOffset, long count) throws IOException {
		ZipEntry entry = zip.getEntry(prefix + "data/" + storage.key());
		if (entry == null) {
			throw fail("storage " + storage.key() + " is missing from the archive. The file is damaged; "
				+ "download or save it again.");
		}
		int size = storage.dtype().size;
		if (entry.getSize() >= 0) checkRange(storage, entry.getSize() / size, elementOffset, count);
		InputStream in = zip.getInputStream(entry);
		in.skipNBytes(elementOffset * size);
		return in;
	}

	@Override
	ByteOrder byteOrder() {
		return order;
	}

	@Override
	public void close() throws IOException {
		zip.close();
	}
}
