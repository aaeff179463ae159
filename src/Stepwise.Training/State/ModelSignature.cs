using System.Text;
using System.Text.Json;
using Stepwise.Training.Data;

namespace Stepwise.Training.State;

/// <summary>
/// What a trained model takes and gives, stored in every checkpoint (<c>trainer_state.json</c>, <c>stepwise.model</c>) so
/// that <c>predict</c>, <c>generate</c> and <c>export</c> need the checkpoint alone, not the training data: for tabular
/// models the feature columns (names, in order), the standardization applied to them, and the classes (with their names
/// when the labels were names); for sequence models the vocabulary and the context length.
/// </summary>
/// <param name="FeatureNames">Tabular: the feature columns in model order; empty for sequences.</param>
/// <param name="FeatureMean">Tabular: the means subtracted (train-split statistics), or empty when not standardized.</param>
/// <param name="FeatureScale">Tabular: the standard deviations divided by, or empty.</param>
/// <param name="Classes">Tabular: the number of classes; 0 for sequences.</param>
/// <param name="ClassNames">Tabular: the class names by id, or null when the labels were numbers.</param>
/// <param name="Vocabulary">Sequences: the vocabulary; null for tabular models.</param>
/// <param name="Context">Sequences: tokens per sample; 0 for tabular models.</param>
public sealed record ModelSignature(IReadOnlyList<string> FeatureNames, IReadOnlyList<double> FeatureMean, IReadOnlyList<double> FeatureScale,
    int Classes, IReadOnlyList<string>? ClassNames, TextVocabulary? Vocabulary, int Context)
{
    /// <summary>The signature of a run's loaded data.</summary>
    public static ModelSignature Of(LoadedData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var names = data.Tabular is { } t ? t["train"].FeatureNames : [];
        return new ModelSignature(names, data.FeatureMean, data.FeatureScale, data.Classes, data.ClassNames, data.Vocabulary, data.Context);
    }

    /// <summary>Features per row (tabular).</summary>
    public int Features => FeatureNames.Count;

    /// <summary>The name of class <paramref name="id"/>: its label name, or the number.</summary>
    public string ClassName(int id) => ClassNames is { } n && id < n.Count ? n[id] : id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Writes the signature as a JSON object value.</summary>
    public void Write(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject();
        if (Vocabulary is { } v)
        {
            w.WriteString("kind", "sequence");
            w.WriteString("vocabulary", v.Kind);
            if (v.Kind == "chars") w.WriteString("characters", string.Concat(v.Characters.Select(r => r.ToString())));
            w.WriteNumber("context", Context);
        }
        else
        {
            w.WriteString("kind", "tabular");
            w.WriteStartArray("features");
            foreach (string f in FeatureNames) w.WriteStringValue(f);
            w.WriteEndArray();
            Numbers(w, "feature_mean", FeatureMean);
            Numbers(w, "feature_scale", FeatureScale);
            w.WriteNumber("classes", Classes);
            if (ClassNames is { } names)
            {
                w.WriteStartArray("class_names");
                foreach (string n in names) w.WriteStringValue(n);
                w.WriteEndArray();
            }
            else
            {
                w.WriteNull("class_names");
            }
        }
        w.WriteEndObject();
    }

    /// <summary>Reads what <see cref="Write"/> wrote; <see cref="FormatException"/> when malformed.</summary>
    public static ModelSignature Read(JsonElement e)
    {
        try
        {
            if (e.GetProperty("kind").GetString() == "sequence")
            {
                string kind = e.GetProperty("vocabulary").GetString() ?? "";
                var vocab = kind == "bytes" ? TextVocabulary.Bytes : TextVocabulary.FromChars(e.GetProperty("characters").GetString() ?? "");
                return new ModelSignature([], [], [], 0, null, vocab, e.GetProperty("context").GetInt32());
            }
            static double[] D(JsonElement e, string n) => e.GetProperty(n).EnumerateArray().Select(x => x.GetDouble()).ToArray();
            var cn = e.GetProperty("class_names");
            return new ModelSignature(e.GetProperty("features").EnumerateArray().Select(x => x.GetString() ?? "").ToArray(), D(e, "feature_mean"), D(e, "feature_scale"),
                e.GetProperty("classes").GetInt32(), cn.ValueKind == JsonValueKind.Array ? cn.EnumerateArray().Select(x => x.GetString() ?? "").ToArray() : null, null, 0);
        }
        catch (Exception x) when (x is KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"model signature: {x.Message.ReplaceLineEndings(" ")}", x);
        }
    }

    private static void Numbers(Utf8JsonWriter w, string name, IReadOnlyList<double> values)
    {
        w.WriteStartArray(name);
        foreach (double d in values) w.WriteNumberValue(d);
        w.WriteEndArray();
    }
}
