namespace Stepwise.Training.Setup;

/// <summary>The model of a run (config section <c>model</c>). Tabular data trains <c>logreg</c> or <c>mlp</c>;
/// text data trains <c>tiny_gpt</c>, whose context length is <c>data.context</c>.</summary>
/// <param name="Kind"><c>logreg</c>, <c>mlp</c> or <c>tiny_gpt</c>.</param>
/// <param name="Hidden">MLP hidden widths (empty for logreg).</param>
/// <param name="Activation"><c>relu</c>, <c>gelu</c> or <c>tanh</c>.</param>
/// <param name="L2">½λ‖W‖² coefficient λ ≥ 0 (logreg, mlp).</param>
/// <param name="Layers">TinyGpt blocks.</param>
/// <param name="Heads">TinyGpt attention heads.</param>
/// <param name="Width">TinyGpt channels (a multiple of heads).</param>
/// <param name="Dropout">TinyGpt residual dropout in [0, 1).</param>
/// <param name="TieWeights">TinyGpt output head shares the token embedding.</param>
public sealed record ModelSpec(string Kind, IReadOnlyList<int> Hidden, string Activation, double L2, int Layers, int Heads, int Width, double Dropout, bool TieWeights)
{
    /// <summary>A canonical one-line description, used for resume compatibility checks.</summary>
    public string Identity => Kind == "tiny_gpt"
        ? $"tiny_gpt layers={Layers} heads={Heads} width={Width} dropout={Dropout:R} tie={TieWeights}"
        : $"{Kind} hidden=[{string.Join(",", Hidden)}] activation={Activation} l2={L2:R}";

    /// <summary>Whether <paramref name="other"/> builds the same model: the fields <see cref="Identity"/> shows, compared
    /// as values (the hidden widths element by element).</summary>
    public bool SameModel(ModelSpec other) =>
        other is not null && Kind == other.Kind && (Kind == "tiny_gpt"
            ? Layers == other.Layers && Heads == other.Heads && Width == other.Width && Dropout.Equals(other.Dropout) && TieWeights == other.TieWeights
            : Hidden.SequenceEqual(other.Hidden) && Activation == other.Activation && L2.Equals(other.L2));
}
