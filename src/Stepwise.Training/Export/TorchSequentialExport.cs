using System.Globalization;
using System.Text;
using System.Text.Json;
using Stepwise.Engine.Layers;
using Stepwise.Engine.Models;
using Stepwise.Training.Checkpoints;

namespace Stepwise.Training.Export;

/// <summary>
/// Writes an MLP (or logistic regression, an MLP without hidden layers) as the state dict of
/// <c>torch.nn.Sequential(Linear, activation, Linear, …, Linear)</c>: <c>model.safetensors</c> with keys
/// <c>0.weight</c>, <c>0.bias</c>, <c>2.weight</c>, … (Linear i at index 2i, weights (out, in) as torch stores them,
/// float32), <c>model.json</c> describing the layer stack, the input scaling and the labels, and <c>README.md</c>.
/// The Sequential's output is the logits; softmax gives the probabilities Stepwise reports, argmax the class.
/// </summary>
public static class TorchSequentialExport
{
    /// <summary>The state dict.</summary>
    public const string WeightsFile = "model.safetensors";

    /// <summary>The layer stack, scaling and labels.</summary>
    public const string DescriptionFile = "model.json";

    /// <summary>How to load it.</summary>
    public const string ReadmeFile = "README.md";

    /// <summary>The <c>format</c> field of <see cref="DescriptionFile"/>.</summary>
    public const string Format = "stepwise-torch-sequential";

    /// <summary>Writes the export of <paramref name="mlp"/> into <paramref name="directory"/> (which must not exist or be
    /// empty; created with its parents), all files at once. The bytes depend only on the arguments. Returns the paths.</summary>
    /// <param name="directory">The target folder.</param>
    /// <param name="mlp">The trained model (read, not changed).</param>
    /// <param name="scaling">The standardization applied to raw features before the model, or null when it was
    /// trained on raw features.</param>
    /// <param name="featureNames">One name per input feature (e.g. the CSV header), or null.</param>
    /// <param name="classNames">One label per class id (e.g. the CSV's string labels), or null when the labels are
    /// the ids themselves.</param>
    /// <param name="provenance">The checkpoint the weights come from, for the README; may be null.</param>
    /// <exception cref="ArgumentException">A list has the wrong length, or a scale is zero or not finite.</exception>
    /// <exception cref="RunInputException">The target is a file or a folder that is not empty.</exception>
    /// <exception cref="IOException">A write fails (no target folder is left).</exception>
    public static IReadOnlyList<string> Write(string directory, Mlp<float> mlp, FeatureStandardization? scaling,
        IReadOnlyList<string>? featureNames = null, IReadOnlyList<string>? classNames = null, ExportProvenance? provenance = null)
    {
        ArgumentNullException.ThrowIfNull(mlp);
        string json = DescriptionJson(mlp, scaling, featureNames, classNames);
        return ExportFolder.Write(directory,
        [
            (WeightsFile, SafeTensors.Serialize(Tensors(mlp), new Dictionary<string, string> { ["format"] = "pt" })),
            (DescriptionFile, Encoding.UTF8.GetBytes(json)),
            (ReadmeFile, Encoding.UTF8.GetBytes(Readme(mlp, scaling, provenance))),
        ]);
    }

    /// <summary>The state dict: Linear layer i's weight (out, in) and bias (out) as <c>{2i}.weight</c>, <c>{2i}.bias</c>.</summary>
    public static IReadOnlyList<TensorEntry> Tensors(Mlp<float> mlp)
    {
        ArgumentNullException.ThrowIfNull(mlp);
        var tensors = new List<TensorEntry>();
        for (int l = 0; l < mlp.LayerCount; l++)
        {
            var w = mlp.Layout[$"l{l}.weight"];
            var b = mlp.Layout[$"l{l}.bias"];
            string key = (2 * l).ToString(CultureInfo.InvariantCulture);
            tensors.Add(SafeTensors.F32(key + ".weight", w.Of(mlp.Params), w.Shape[0], w.Shape[1]));
            tensors.Add(SafeTensors.F32(key + ".bias", b.Of(mlp.Params), b.Shape[0]));
        }
        return tensors;
    }

    /// <summary>The torch expression that builds the module, e.g.
    /// <c>torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.ReLU(), torch.nn.Linear(32, 10))</c>.</summary>
    public static string TorchExpression(Mlp<float> mlp)
    {
        ArgumentNullException.ThrowIfNull(mlp);
        var parts = new List<string>();
        for (int l = 0; l < mlp.LayerCount; l++)
        {
            if (l > 0) parts.Add("torch.nn." + Module(mlp.Activation).Expression);
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"torch.nn.Linear({mlp.Sizes[l]}, {mlp.Sizes[l + 1]})"));
        }
        return "torch.nn.Sequential(" + string.Join(", ", parts) + ")";
    }

    /// <summary>The <c>model.json</c> text: format, inputs, classes, the layers (index, module, sizes), the torch
    /// expression, the scaling rule with its per-feature mean and scale (shortest round-trip decimals), and the
    /// feature and class names when given.</summary>
    /// <exception cref="ArgumentException">As for <see cref="Write"/>.</exception>
    public static string DescriptionJson(Mlp<float> mlp, FeatureStandardization? scaling, IReadOnlyList<string>? featureNames = null, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(mlp);
        Check(mlp, scaling, featureNames, classNames);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("format_version", 1);
            w.WriteString("model", mlp.LayerCount == 1 ? "logreg" : "mlp");
            w.WriteNumber("inputs", mlp.Inputs);
            w.WriteNumber("classes", mlp.Classes);
            w.WriteStartArray("layers");
            for (int l = 0; l < mlp.LayerCount; l++)
            {
                if (l > 0)
                {
                    var (name, _, approximate) = Module(mlp.Activation);
                    w.WriteStartObject();
                    w.WriteNumber("index", 2 * l - 1);
                    w.WriteString("module", name);
                    if (approximate is not null) w.WriteString("approximate", approximate);
                    w.WriteEndObject();
                }
                w.WriteStartObject();
                w.WriteNumber("index", 2 * l);
                w.WriteString("module", "Linear");
                w.WriteNumber("in_features", mlp.Sizes[l]);
                w.WriteNumber("out_features", mlp.Sizes[l + 1]);
                w.WriteBoolean("bias", true);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("torch", TorchExpression(mlp));
            w.WriteString("output", "logits (rows, classes); softmax over dim 1 gives the class probabilities, argmax the class");
            if (scaling is null)
            {
                w.WriteNull("scaling");
            }
            else
            {
                w.WriteStartObject("scaling");
                w.WriteString("kind", "standardize");
                w.WriteString("rule", "x_model[j] = float32((float64(x[j]) - mean[j]) / scale[j])");
                w.WriteStartArray("mean");
                foreach (double m in scaling.Mean) w.WriteNumberValue(m);
                w.WriteEndArray();
                w.WriteStartArray("scale");
                foreach (double s in scaling.Scale) w.WriteNumberValue(s);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            if (featureNames is not null)
            {
                w.WriteStartArray("feature_names");
                foreach (string f in featureNames) w.WriteStringValue(f);
                w.WriteEndArray();
            }
            if (classNames is not null)
            {
                w.WriteStartArray("class_names");
                foreach (string c in classNames) w.WriteStringValue(c);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static (string Name, string Expression, string? Approximate) Module(Activation activation) => activation switch
    {
        Activation.Relu => ("ReLU", "ReLU()", null),
        Activation.Gelu => ("GELU", "GELU(approximate='tanh')", "tanh"), // the engine's GELU is the tanh form
        Activation.Tanh => ("Tanh", "Tanh()", null),
        Activation.Identity => ("Identity", "Identity()", null),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "no torch module for this activation"),
    };

    private static void Check(Mlp<float> mlp, FeatureStandardization? scaling, IReadOnlyList<string>? featureNames, IReadOnlyList<string>? classNames)
    {
        if (scaling is not null)
        {
            if (scaling.Mean.Count != mlp.Inputs || scaling.Scale.Count != mlp.Inputs)
                throw new ArgumentException($"scaling has {scaling.Mean.Count} means and {scaling.Scale.Count} scales for {mlp.Inputs} features", nameof(scaling));
            if (scaling.Mean.Any(m => !double.IsFinite(m)) || scaling.Scale.Any(s => !double.IsFinite(s) || s == 0))
                throw new ArgumentException("scaling needs finite means and finite non-zero scales", nameof(scaling));
        }
        if (featureNames is not null && featureNames.Count != mlp.Inputs)
            throw new ArgumentException($"{featureNames.Count} feature names for {mlp.Inputs} features", nameof(featureNames));
        if (classNames is not null && classNames.Count != mlp.Classes)
            throw new ArgumentException($"{classNames.Count} class names for {mlp.Classes} classes", nameof(classNames));
    }

    private static string Readme(Mlp<float> mlp, FeatureStandardization? scaling, ExportProvenance? provenance)
    {
        var sb = new StringBuilder();
        void Line(string s = "") => sb.Append(s).Append('\n');
        Line(mlp.LayerCount == 1 ? "# A Stepwise logistic regression as a torch.nn.Sequential" : "# A Stepwise MLP as a torch.nn.Sequential");
        Line();
        if (provenance is not null)
            Line(string.Create(CultureInfo.InvariantCulture, $"Exported from `{provenance.Checkpoint}` (step {provenance.Step}, the weights after {provenance.Step} optimizer updates)."));
        Line(string.Create(CultureInfo.InvariantCulture, $"{mlp.Inputs} input features, {mlp.Classes} classes. `model.json` describes the layers, the input scaling and the labels."));
        Line();
        Line("```python");
        Line("import json, torch");
        Line("model = " + TorchExpression(mlp));
        Line("# model.safetensors is a plain state dict: safetensors.torch.load_file, or any safetensors reader");
        Line("from safetensors.torch import load_file");
        Line("model.load_state_dict(load_file(\"THIS_FOLDER/model.safetensors\"))");
        Line("model.eval()");
        Line("desc = json.load(open(\"THIS_FOLDER/model.json\"))");
        Line("x = torch.tensor(rows, dtype=torch.float64)  # (n, " + mlp.Inputs.ToString(CultureInfo.InvariantCulture) + ") raw features, in the training data's column order");
        if (scaling is not null)
            Line("x = (x - torch.tensor(desc[\"scaling\"][\"mean\"], dtype=torch.float64)) / torch.tensor(desc[\"scaling\"][\"scale\"], dtype=torch.float64)");
        Line("probabilities = torch.softmax(model(x.float()), dim=1)");
        Line("classes = probabilities.argmax(dim=1)");
        Line("```");
        Line();
        Line(scaling is null
            ? "The model was trained on raw features (no scaling)."
            : "The model was trained on standardized features: subtract the train split's mean and divide by its population standard deviation, in float64, then round to float32, exactly as above.");
        return sb.ToString();
    }
}
