/**
 * A network's weights on this computer: where they are kept ({@code CacheLocation}, {@code WeightStore}),
 * fetched ({@code WeightsDownload}, one download per file across threads and programs: {@code DownloadLock})
 * and verified ({@code VerifiedFile}), and the network built from a state dict ({@code FeatureNetwork},
 * {@code ConvWeights}). Imports {@code net} and {@code net.pth}.
 */
package sc.fiji.neuralstyle.net.weights;
