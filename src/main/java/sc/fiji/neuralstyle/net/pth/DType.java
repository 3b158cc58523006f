package sc.fiji.neuralstyle.net.pth;

import java.util.HashMap;
import java.util.Map;

/** Element types of PyTorch storages, as named by their pickled storage classes. */
enum DType {
	FLOAT32("float32", 4, "FloatStorage"),
	FLOAT64("float64", 8, "DoubleStorage"),
	FLOAT16("float16", 2, "HalfStorage"),
	BFLOAT16("bfloat16", 2, "BFloat16Storage"),
	INT64("int64", 8, "LongStorage"),
	INT32("int32", 4, "IntStorage"),
	INT16("int16", 2, "ShortStorage"),
	INT8("int8", 1, "CharStorage"),
	UINT8("uint8", 1, "ByteStorage", "UntypedStorage"),
	BOOL("bool", 1, "BoolStorage"),
	COMPLEX64("complex64", 8, "ComplexFloatStorage"),
	COMPLEX128("complex128", 16, "ComplexDoubleStorage"),
	QINT8("qint8", 1, "QInt8Storage"),
	QUINT8("quint8", 1, "QUInt8Storage"),
	QINT32("qint32", 4, "QInt32Storage");

	private static final Map<String, DType> BY_STORAGE_CLASS = new HashMap<>();
	static {
		for (DType t : values()) {
			for (String c : t.storageClasses) BY_STORAGE_CLASS.put(c, t);
		}
	}

	final String pythonName;
	final int size;
	private final String[] storageClasses;

	DType(String pythonName, int size, String... storageClasses) {
		this.pythonName = pythonName;
		this.size = size;
		this.storageClasses = storageClasses;
	}

	/** Whether {@link StorageDecoder} can turn this type into float32. */
	boolean isFloat() {
		return this == FLOAT32 || this == FLOAT64 || this == FLOAT16 || this == BFLOAT16;
	}

	/** The type of a storage class in module {@code torch}, e.g. {@code FloatStorage}; null if unknown. */
	static DType ofStorageClass(String name) {
		return BY_STORAGE_CLASS.get(name);
	}
}
