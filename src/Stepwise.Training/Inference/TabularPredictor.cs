using Stepwise.Training.Data;

namespace Stepwise.Training.Inference;

/// <summary>Predicts the rows of a CSV with a tabular checkpoint: the features are taken by name, standardized exactly as
/// in training (the checkpoint's stored statistics), and run through the network in batches.</summary>
public static class TabularPredictor
{
    private const int Batch = 256;

    /// <summary>Predictions for every row of <paramref name="csvPath"/> (shown as <paramref name="shown"/>); the label
    /// column <paramref name="label"/> is compared when the file has it. Throws <see cref="RunInputException"/> (one line)
    /// for a file the model cannot read.</summary>
    public static IReadOnlyList<Prediction> Predict(CheckpointModel model, string shown, string csvPath, string? label = "label")
    {
        ArgumentNullException.ThrowIfNull(model);
        var mlp = model.RequireMlp("predict");
        var sig = model.Signature;
        var read = CsvTableReader.ReadFeatures("--data", shown, csvPath, sig.FeatureNames, label);
        if (!read.TryGetValue(out var rows)) throw new RunInputException(read.Error!);
        int f = sig.Features, c = sig.Classes;
        float[] x = rows.X;
        if (sig.FeatureMean.Count == f)
        {
            for (int i = 0; i < x.Length; i++) x[i] = (float)((x[i] - sig.FeatureMean[i % f]) / sig.FeatureScale[i % f]);
        }
        var result = new List<Prediction>(rows.Count);
        for (int start = 0; start < rows.Count; start += Batch)
        {
            int b = Math.Min(Batch, rows.Count - start);
            ReadOnlySpan<float> logits = mlp.Predict(x.AsSpan(start * f, b * f), b);
            for (int r = 0; r < b; r++)
            {
                var z = logits.Slice(r * c, c);
                int best = 0;
                double max = z[0];
                for (int k = 1; k < c; k++) if (z[k] > z[best]) best = k;
                for (int k = 1; k < c; k++) max = Math.Max(max, z[k]);
                var p = new double[c];
                double sum = 0;
                for (int k = 0; k < c; k++) sum += p[k] = Math.Exp(z[k] - max);
                for (int k = 0; k < c; k++) p[k] /= sum;
                string? given = rows.Labels?[start + r];
                bool? correct = given is null ? null : given == sig.ClassName(best);
                result.Add(new Prediction(rows.Lines[start + r], best, p, given, correct));
            }
        }
        return result;
    }
}
