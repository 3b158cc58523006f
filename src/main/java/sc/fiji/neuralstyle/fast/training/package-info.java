/**
 * Training a fast-style network (pytorch/examples' {@code train}): {@code FastStyleTrainer} with its
 * settings, listener and result; per step the batch ({@code BatchPlan}, {@code Sampling}), the losses
 * ({@code PerceptualLoss}, {@code GramTargets}, {@code TemporalLoss} with {@code FlowCache}) and Adam
 * ({@code ParameterAdam}); checkpoints ({@code Checkpoint}) to continue from. Imports {@code fast}.
 */
package sc.fiji.neuralstyle.fast.training;
