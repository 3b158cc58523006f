/**
 * The feature networks as described: their architectures as layer graphs ({@code Architecture},
 * {@code Layer}, {@code LayerSpec}), the models' descriptors ({@code models/*.json}, {@code ModelDescriptor}),
 * preprocessing, padding and pooling, and {@code WeightsException}. Below it: {@code net.pth} (PyTorch's
 * files) and above both {@code net.weights} (the weights on this computer, and the network built from
 * them). This package imports neither.
 */
package sc.fiji.neuralstyle.net;
