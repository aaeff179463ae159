using Stepwise.Engine.Layers;
using Stepwise.Engine.Models;

namespace Stepwise.Training.Setup;

/// <summary>The engine model a <see cref="ModelSpec"/> describes, for given input and output sizes (the one place that
/// maps the config's model section to a network).</summary>
public static class ModelFactory
{
    /// <summary>An MLP (or logistic regression) over <paramref name="features"/> inputs and <paramref name="classes"/> classes.</summary>
    public static Mlp<float> Mlp(ModelSpec spec, int features, int classes)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var act = spec.Activation switch { "gelu" => Activation.Gelu, "tanh" => Activation.Tanh, _ => Activation.Relu };
        return new Mlp<float>(features, spec.Kind == "logreg" ? [] : spec.Hidden, classes, act, spec.L2);
    }

    /// <summary>A TinyGpt over <paramref name="vocabulary"/> ids with <paramref name="context"/> positions.</summary>
    public static TinyGpt<float> Gpt(ModelSpec spec, int vocabulary, int context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new TinyGpt<float>(new TinyGptConfig(vocabulary, context, spec.Layers, spec.Heads, spec.Width, spec.Dropout, spec.TieWeights));
    }
}
