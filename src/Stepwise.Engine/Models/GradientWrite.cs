namespace Stepwise.Engine.Models;

/// <summary>How a backward pass writes the parameter gradients.</summary>
public enum GradientWrite
{
    /// <summary>Add to the gradients already there (<c>Grads += ∇</c>): the second and later micro-batches of an update.</summary>
    Accumulate,

    /// <summary>Replace them (<c>Grads = ∇</c>): bitwise the same as <c>ZeroGrad</c> followed by
    /// <see cref="Accumulate"/>, without the pass that clears the buffer where the model can skip it (the first
    /// micro-batch of an update).</summary>
    Overwrite,
}
