using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Stepwise.Engine;
using Stepwise.Engine.Layers;
using Stepwise.Engine.Models;
using Stepwise.Training.Checkpoints;
using Stepwise.Training.Data;
using Stepwise.Training.Export;
using Xunit.Abstractions;

namespace Stepwise.Training.Tests.Export;

public class TorchSequentialExportTests(ITestOutputHelper output)
{
    private static Mlp<float> Model(int inputs, int[] hidden, int classes, Activation activation, ulong seed)
    {
        var mlp = new Mlp<float>(inputs, hidden, classes, activation);
        var rng = new Rng(seed);
        mlp.Initialize(rng);
        for (int i = 0; i < mlp.Params.Length; i++) mlp.Params[i] += (float)(rng.NextGaussian() * 0.5); // varied predictions
        return mlp;
    }

    /// <summary>Raw rows with features on very different scales (so the scaling matters), and the scaling fitted on them.</summary>
    private static (TabularDataset Raw, FeatureScaling Scaling) Data(int rows, int features, int classes, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new float[rows * features];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextGaussian() * Math.Pow(10, i % features % 4) + 3 * (i % features));
        var y = Enumerable.Range(0, rows).Select(i => i % classes).ToArray();
        var raw = new TabularDataset("t", x, y, features, classes, Enumerable.Range(0, features).Select(j => $"f{j}").ToArray());
        return (raw, FeatureScaling.Fit(raw));
    }

    [Fact]
    public void The_state_dict_keys_are_the_sequential_indices_of_the_linear_layers()
    {
        var mlp = Model(5, [7, 6], 3, Activation.Relu, 1);
        var file = SafeTensors.Read(SafeTensors.Serialize(TorchSequentialExport.Tensors(mlp)));
        Assert.Equal(["0.bias", "0.weight", "2.bias", "2.weight", "4.bias", "4.weight"], file.Tensors.Select(t => t.Name));
        Assert.Equal([7L, 5], file["0.weight"].Shape);
        Assert.Equal([6L, 7], file["2.weight"].Shape);
        Assert.Equal([3L, 6], file["4.weight"].Shape);
        Assert.Equal([3L], file["4.bias"].Shape);
        for (int l = 0; l < 3; l++)
        {
            Assert.Equal(mlp.Layout[$"l{l}.weight"].Of(mlp.Params).ToArray(), file.ReadF32($"{2 * l}.weight"));
            Assert.Equal(mlp.Layout[$"l{l}.bias"].Of(mlp.Params).ToArray(), file.ReadF32($"{2 * l}.bias"));
        }
        var logreg = SafeTensors.Read(SafeTensors.Serialize(TorchSequentialExport.Tensors(Model(4, [], 2, Activation.Relu, 1))));
        Assert.Equal(["0.bias", "0.weight"], logreg.Tensors.Select(t => t.Name));
    }

    [Theory]
    [InlineData(Activation.Relu, "torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))")]
    [InlineData(Activation.Gelu, "torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.GELU(approximate='tanh'), torch.nn.Linear(8, 3))")]
    [InlineData(Activation.Tanh, "torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))")]
    public void The_torch_expression_names_the_activation_the_engine_computes(Activation activation, string expected) =>
        Assert.Equal(expected, TorchSequentialExport.TorchExpression(Model(4, [8], 3, activation, 1)));

    [Fact]
    public void Model_json_describes_the_layers_the_scaling_and_the_labels_exactly()
    {
        var (raw, scaling) = Data(40, 4, 3, 5);
        var mlp = Model(4, [8, 8], 3, Activation.Gelu, 2);
        string json = TorchSequentialExport.DescriptionJson(mlp, new FeatureStandardization(scaling.Mean, scaling.Scale), raw.FeatureNames, ["cat", "dog", "ü bird"]);
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        Assert.Equal("stepwise-torch-sequential", r.GetProperty("format").GetString());
        Assert.Equal("mlp", r.GetProperty("model").GetString());
        Assert.Equal(4, r.GetProperty("inputs").GetInt32());
        Assert.Equal(3, r.GetProperty("classes").GetInt32());
        var layers = r.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(["Linear", "GELU", "Linear", "GELU", "Linear"], layers.Select(l => l.GetProperty("module").GetString()));
        Assert.Equal([0, 1, 2, 3, 4], layers.Select(l => l.GetProperty("index").GetInt32()));
        Assert.Equal("tanh", layers[1].GetProperty("approximate").GetString());
        Assert.Equal([4, 8, 8], layers.Where((_, i) => i % 2 == 0).Select(l => l.GetProperty("in_features").GetInt32()));
        Assert.Equal([8, 8, 3], layers.Where((_, i) => i % 2 == 0).Select(l => l.GetProperty("out_features").GetInt32()));
        var s = r.GetProperty("scaling");
        Assert.Equal("standardize", s.GetProperty("kind").GetString());
        // the doubles round-trip bit for bit
        Assert.Equal(scaling.Mean, s.GetProperty("mean").EnumerateArray().Select(m => m.GetDouble()));
        Assert.Equal(scaling.Scale, s.GetProperty("scale").EnumerateArray().Select(m => m.GetDouble()));
        Assert.Equal(raw.FeatureNames, r.GetProperty("feature_names").EnumerateArray().Select(f => f.GetString()!));
        Assert.Equal(["cat", "dog", "ü bird"], r.GetProperty("class_names").EnumerateArray().Select(f => f.GetString()!));

        using var plain = JsonDocument.Parse(TorchSequentialExport.DescriptionJson(Model(4, [], 2, Activation.Relu, 1), null));
        Assert.Equal("logreg", plain.RootElement.GetProperty("model").GetString());
        Assert.Equal(JsonValueKind.Null, plain.RootElement.GetProperty("scaling").ValueKind);
        Assert.False(plain.RootElement.TryGetProperty("class_names", out _));
    }

    [Fact]
    public void Arguments_that_do_not_fit_the_model_are_refused_and_nothing_is_written()
    {
        using var dir = new ExportTestFolder();
        var mlp = Model(3, [4], 2, Activation.Relu, 1);
        Assert.Throws<ArgumentException>(() => TorchSequentialExport.Write(dir.Sub("a"), mlp, new FeatureStandardization([0, 0], [1, 1])));
        Assert.Throws<ArgumentException>(() => TorchSequentialExport.Write(dir.Sub("a"), mlp, new FeatureStandardization([0, 0, 0], [1, 0, 1])));
        Assert.Throws<ArgumentException>(() => TorchSequentialExport.Write(dir.Sub("a"), mlp, null, ["x"]));
        Assert.Throws<ArgumentException>(() => TorchSequentialExport.Write(dir.Sub("a"), mlp, null, null, ["a", "b", "c"]));
        Assert.False(Directory.Exists(dir.Sub("a")));
        var files = TorchSequentialExport.Write(dir.Sub("a"), mlp, null, provenance: new ExportProvenance("run/checkpoint_step_9", new Step(9)));
        Assert.Equal(["model.safetensors", "model.json", "README.md"], files.Select(Path.GetFileName));
        Assert.Contains("(step 9,", File.ReadAllText(files[2]));
        Assert.Throws<RunInputException>(() => TorchSequentialExport.Write(dir.Sub("a"), mlp, null));
    }

    /// <summary>scripts/torch_sequential_check.py builds the Sequential from model.json, loads the state dict with
    /// load_state_dict(strict=True), scales the raw rows by model.json's rule and predicts what our Mlp predicts.</summary>
    [PythonFact("numpy", "torch")]
    public void Torch_sequential_loads_the_export_and_predicts_what_our_mlp_predicts()
    {
        using var dir = new ExportTestFolder();
        const int rows = 50, features = 6, classes = 4;
        var (raw, scaling) = Data(rows, features, classes, 17);
        string rowsPath = dir.Sub("rows.bin");
        File.WriteAllBytes(rowsPath, MemoryMarshal.AsBytes(raw.X.AsSpan()).ToArray()); // raw: torch applies the scaling
        var cases = new List<(string Name, float[] Logits, string Out)>();
        var args = new List<string>();
        foreach (var (hidden, activation, scaled) in new (int[], Activation, bool)[]
                 {
                     ([16, 12], Activation.Relu, true), ([10], Activation.Gelu, true), ([9], Activation.Tanh, false), ([], Activation.Relu, true),
                 })
        {
            var mlp = Model(features, hidden, classes, activation, 23);
            var input = scaled ? scaling.Apply(raw) : raw; // what training feeds the model
            string name = $"[{string.Join(",", hidden)}] {activation} scaled={scaled}";
            string export = dir.Sub($"export-{cases.Count}"), outPath = dir.Sub($"out-{cases.Count}.bin");
            TorchSequentialExport.Write(export, mlp, scaled ? new FeatureStandardization(scaling.Mean, scaling.Scale) : null, raw.FeatureNames);
            cases.Add((name, mlp.Predict(input.X, rows).ToArray(), outPath));
            args.AddRange([export, rowsPath, outPath]);
        }
        string script = Path.Combine(PythonScript.RepositoryRoot(), "scripts", "torch_sequential_check.py");
        string[] reports = PythonScript.RunScript(script, [.. args]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(cases.Count, reports.Length);
        for (int k = 0; k < cases.Count; k++)
        {
            var (name, logits, outPath) = cases[k];
            float[] probabilities = Softmax(logits, classes);
            float[] torch = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(outPath)).ToArray();
            Assert.Equal(2 * rows * classes, torch.Length);
            double logitError = 0, probError = 0, logitScale = 1;
            for (int i = 0; i < rows * classes; i++)
            {
                logitError = Math.Max(logitError, Math.Abs(logits[i] - torch[i]));
                logitScale = Math.Max(logitScale, Math.Abs(torch[i]));
                probError = Math.Max(probError, Math.Abs(probabilities[i] - torch[rows * classes + i]));
            }
            int[] ourClasses = Enumerable.Range(0, rows).Select(i => ArgMax(logits.AsSpan(i * classes, classes))).ToArray();
            using var doc = JsonDocument.Parse(reports[k]);
            int[] torchClasses = doc.RootElement.GetProperty("classes").EnumerateArray().Select(c => c.GetInt32()).ToArray();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: max|Δlogit| {logitError:E2} (max|logit| {logitScale:F1}), max|Δp| {probError:E2}; {doc.RootElement.GetProperty("module").GetString()!.ReplaceLineEndings(" ")}"));
            Assert.True(logitError <= 1e-5 * logitScale, $"{name}: max |Δ logit| = {logitError:E3} (max |logit| {logitScale:F1})");
            Assert.True(probError <= 1e-6, $"{name}: max |Δ p| = {probError:E3}");
            Assert.Equal(ourClasses, torchClasses);
            Assert.True(ourClasses.Distinct().Count() > 1, $"{name}: a model predicting one class would not test much");
        }
    }

    private static float[] Softmax(float[] logits, int classes)
    {
        var p = new float[logits.Length];
        for (int r = 0; r < logits.Length / classes; r++)
        {
            double max = logits.Skip(r * classes).Take(classes).Max(), sum = 0;
            for (int k = 0; k < classes; k++) sum += Math.Exp(logits[r * classes + k] - max);
            for (int k = 0; k < classes; k++) p[r * classes + k] = (float)(Math.Exp(logits[r * classes + k] - max) / sum);
        }
        return p;
    }

    private static int ArgMax(ReadOnlySpan<float> v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
