# Medians of "side size=N ms_per_iteration=X peak_rss_mb=Y cpu_ms_per_iteration=Z" lines per side and
# size, and the ratios this project / PyTorch (below 1: this project is faster or lighter).
$1 == "java" || $1 == "pytorch" {
	split($2, s, "="); split($3, t, "="); split($4, m, "="); split($5, c, "=")
	key = $1 " " s[2]; n[key]++; ms[key, n[key]] = t[2]; rss[key, n[key]] = m[2]; cpu[key, n[key]] = c[2]
	sizes[s[2]] = 1
}
function median(values, key,    i, j, tmp, count, a) {
	count = n[key]
	for (i = 1; i <= count; i++) a[i] = values[key, i]
	for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++) if (a[j] < a[i]) { tmp = a[i]; a[i] = a[j]; a[j] = tmp }
	return count % 2 ? a[(count + 1) / 2] : (a[count / 2] + a[count / 2 + 1]) / 2
}
END {
	for (size in sizes) {
		j = median(ms, "java " size); p = median(ms, "pytorch " size)
		jr = median(rss, "java " size); pr = median(rss, "pytorch " size)
		jc = median(cpu, "java " size); pc = median(cpu, "pytorch " size)
		printf "size %s: medians of %d runs: ms per iteration %.0f (this project) vs %.0f (PyTorch), ratio %.2f; CPU ms per iteration %.0f vs %.0f, ratio %.2f; peak RSS %d MB vs %d MB, ratio %.2f\n", size, n["java " size], j, p, j / p, jc, pc, jc / pc, jr, pr, jr / pr
	}
}
