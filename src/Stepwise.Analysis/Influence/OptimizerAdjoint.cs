using Stepwise.Training.Replay;
using Stepwise.Training.Setup;

namespace Stepwise.Analysis.Influence;

/// <summary>
/// The transpose of one optimizer update's linearization, carried backward over the whole optimizer state (θ and its
/// moment buffers). For update t with gradient g = ∇F_t(θ) (data terms and L2 term) and the counterfactual's gradient
/// change e (−w·∇ℓ_j for each occurrence of j), the update is linear in (δstate, e); given the adjoint of the state after
/// it, <see cref="Combine"/> writes the adjoint c of the gradient (so that the update's contribution of j is ⟨c, e⟩ and
/// each occurrence scores −w·⟨c, ∇ℓ_j(θ_t)⟩) and moves the moment buffers' adjoints back; the caller then adds the part
/// that flows through δg = H_t·δθ (H_t·c) to <see cref="Theta"/>, and <see cref="Finish"/> what the optimizer couples
/// to θ itself. Derivations: docs/influence.md.
/// </summary>
internal abstract class OptimizerAdjoint
{
    protected OptimizerAdjoint(int parameters) => Theta = new double[parameters];

    /// <summary>The adjoint of θ.</summary>
    public double[] Theta { get; }

    /// <summary>What the replay must keep for this optimizer.</summary>
    public abstract ReplayCapture Capture { get; }

    /// <summary>Every adjoint buffer (θ first), for a resumable progress file.</summary>
    public abstract IReadOnlyList<double[]> Buffers { get; }

    /// <summary>The adjoint of the measured state: ∇L_query for θ, 0 for the moments.</summary>
    public void Seed(ReadOnlySpan<double> queryGradient)
    {
        foreach (double[] b in Buffers) Array.Clear(b);
        queryGradient.CopyTo(Theta);
    }

    /// <summary>Writes the adjoint c of update <paramref name="u"/>'s gradient and moves the non-θ adjoints (and θ's
    /// direct term) to before the update.</summary>
    public abstract void Combine(ReplayedUpdate u, Span<double> c);

    /// <summary>Finishes the adjoint of θ before the update, once the caller has added H·c (the flow through the
    /// gradient's dependence on θ, the model's L2 term included) to <see cref="Theta"/>: adds what the optimizer itself
    /// couples to θ (SGD's weight decay λ·c; nothing for AdamW, whose decay is decoupled).</summary>
    public virtual void Finish(ReplayedUpdate u, ReadOnlySpan<double> c)
    {
    }

    /// <summary>The adjoint for the run's optimizer.</summary>
    public static OptimizerAdjoint For(OptimizerSpec spec, int parameters) => spec.Kind == "adamw"
        ? new AdamWAdjoint(parameters, spec.Beta1, spec.Beta2, spec.Eps, spec.WeightDecay)
        : new SgdAdjoint(parameters, spec.Momentum, spec.Nesterov, spec.WeightDecay);
}
