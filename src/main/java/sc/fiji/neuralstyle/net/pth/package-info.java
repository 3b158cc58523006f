/**
 * PyTorch's files without PyTorch: {@code .pth} state dicts read ({@code PthReader}: zip, legacy and tar
 * layouts, torch's unpickler, storages decoded into {@code TensorData}) and written ({@code PthWriter},
 * torch's zip layout). Imports {@code net} for {@code WeightsException} only.
 */
package sc.fiji.neuralstyle.net.pth;
