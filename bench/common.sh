# Shared by the bench/*.sh scripts: builds the test classes, sets the class path and the JVM line.
# Runs use 2 PyTorch threads, as the benchmark machine has 2 cores.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
threads="${THREADS:-2}"
mvn -q -B -o -f neural-style.pom.xml test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
	-Dmdep.includeScope=test >/dev/null 2>&1 || mvn -q -B -f neural-style.pom.xml test-compile dependency:build-classpath \
	-Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
# A copy of the classes, so that rebuilding the project while a long benchmark runs does not change it.
snapshot="target/bench-snapshot/$$"
mkdir -p "$snapshot"
cp -r target/classes target/test-classes "$snapshot"/
cp="$snapshot/classes:$snapshot/test-classes:$(cat target/bench.classpath)"
java_run() {
	java -Xmx${JAVA_HEAP:-8g} -Dai.djl.pytorch.num_threads=$threads -Dai.djl.pytorch.num_interop_threads=1 \
		-DOPT_OUT_TRACKING=true -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" "$@" \
		2> >(grep -v NNPACK >&2)
}
machine() {
	echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB, load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
}
