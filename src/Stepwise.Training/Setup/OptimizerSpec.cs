namespace Stepwise.Training.Setup;

/// <summary>The optimizer of a run (config section <c>optimizer</c>); the same update rules as torch.optim.SGD/AdamW.</summary>
/// <param name="Kind"><c>sgd</c> or <c>adamw</c>.</param>
/// <param name="Lr">Peak learning rate (&gt; 0).</param>
/// <param name="Momentum">SGD momentum in [0, 1).</param>
/// <param name="Nesterov">SGD Nesterov momentum.</param>
/// <param name="WeightDecay">Weight decay ≥ 0 (SGD coupled, AdamW decoupled).</param>
/// <param name="Beta1">AdamW β₁ in (0, 1).</param>
/// <param name="Beta2">AdamW β₂ in (0, 1).</param>
/// <param name="Eps">AdamW ε &gt; 0.</param>
public sealed record OptimizerSpec(string Kind, double Lr, double Momentum, bool Nesterov, double WeightDecay, double Beta1, double Beta2, double Eps)
{
    /// <summary>A canonical one-line description, used for resume compatibility checks.</summary>
    public string Identity => Kind == "adamw"
        ? $"adamw lr={Lr:R} betas=({Beta1:R},{Beta2:R}) eps={Eps:R} weight_decay={WeightDecay:R}"
        : $"sgd lr={Lr:R} momentum={Momentum:R} nesterov={Nesterov} weight_decay={WeightDecay:R}";

    /// <summary>Whether <paramref name="other"/> is the same optimizer: the fields <see cref="Identity"/> shows, compared as values.</summary>
    public bool SameOptimizer(OptimizerSpec other) =>
        other is not null && Kind == other.Kind && Lr.Equals(other.Lr) && WeightDecay.Equals(other.WeightDecay) && (Kind == "adamw"
            ? Beta1.Equals(other.Beta1) && Beta2.Equals(other.Beta2) && Eps.Equals(other.Eps)
            : Momentum.Equals(other.Momentum) && Nesterov == other.Nesterov);
}
