using System.Globalization;
using System.Text.Json;

namespace Stepwise.Training.Setup;

/// <summary>
/// What a checkpoint must agree on to be resumed by a config: the data (source and content fingerprint), the batch
/// geometry, the model, the optimizer, the seed and any row exclusion. A duration, schedules, logging and retention may
/// change. Compared as typed values; stored in <c>trainer_state.json</c> as a JSON object with typed fields.
/// </summary>
/// <param name="DataSource">data.source (digits, csv, text, …).</param>
/// <param name="DataFingerprint">SHA-256 of the loaded content (docs/data.md).</param>
/// <param name="BatchSize">Per-device batch size b.</param>
/// <param name="GradAccum">Gradient accumulation G.</param>
/// <param name="WorldSize">Ranks W.</param>
/// <param name="DropLast">Whether incomplete batches are dropped.</param>
/// <param name="Model">The model.</param>
/// <param name="Optimizer">The optimizer.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="ExclusionDigest">SHA-256 of a <see cref="RowExclusion"/>, or null.</param>
/// <param name="InitDigest">SHA-256 of the <c>model.init_from</c> weights, or null.</param>
public sealed record RunIdentity(string DataSource, string DataFingerprint, long BatchSize, long GradAccum, long WorldSize, bool DropLast,
    ModelSpec Model, OptimizerSpec Optimizer, ulong Seed, string? ExclusionDigest, string? InitDigest = null)
{
    /// <summary>Every difference from <paramref name="earlier"/> as <c>key (was → now)</c>, in a fixed key order; empty
    /// when the two agree.</summary>
    public IReadOnlyList<string> DifferencesFrom(RunIdentity earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var diffs = new List<string>();
        void Check(string key, bool same, string was, string now)
        {
            if (!same) diffs.Add($"{key} ({was} → {now})");
        }
        static string N(long v) => v.ToString(CultureInfo.InvariantCulture);
        Check("batch.drop_last", DropLast == earlier.DropLast, Bool(earlier.DropLast), Bool(DropLast));
        Check("batch.grad_accum", GradAccum == earlier.GradAccum, N(earlier.GradAccum), N(GradAccum));
        Check("batch.size", BatchSize == earlier.BatchSize, N(earlier.BatchSize), N(BatchSize));
        Check("batch.world_size", WorldSize == earlier.WorldSize, N(earlier.WorldSize), N(WorldSize));
        Check("data", DataSource == earlier.DataSource && DataFingerprint == earlier.DataFingerprint,
            $"{earlier.DataSource} {earlier.DataFingerprint}", $"{DataSource} {DataFingerprint}");
        Check("exclusion", ExclusionDigest == earlier.ExclusionDigest, earlier.ExclusionDigest ?? "none", ExclusionDigest ?? "none");
        Check("model", Model.SameModel(earlier.Model), earlier.Model.Identity, Model.Identity);
        Check("model.init_from", InitDigest == earlier.InitDigest, earlier.InitDigest ?? "none", InitDigest ?? "none");
        Check("optimizer", Optimizer.SameOptimizer(earlier.Optimizer), earlier.Optimizer.Identity, Optimizer.Identity);
        Check("seed", Seed == earlier.Seed, earlier.Seed.ToString(CultureInfo.InvariantCulture), Seed.ToString(CultureInfo.InvariantCulture));
        return diffs;
    }

    /// <summary>Writes the identity as the value of the current property of <paramref name="w"/>.</summary>
    public void Write(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject();
        w.WriteStartObject("data");
        w.WriteString("source", DataSource);
        w.WriteString("fingerprint", DataFingerprint);
        w.WriteEndObject();
        w.WriteStartObject("batch");
        w.WriteNumber("size", BatchSize);
        w.WriteNumber("grad_accum", GradAccum);
        w.WriteNumber("world_size", WorldSize);
        w.WriteBoolean("drop_last", DropLast);
        w.WriteEndObject();
        w.WriteStartObject("model");
        w.WriteString("kind", Model.Kind);
        w.WriteStartArray("hidden");
        foreach (int h in Model.Hidden) w.WriteNumberValue(h);
        w.WriteEndArray();
        w.WriteString("activation", Model.Activation);
        w.WriteNumber("l2", Model.L2);
        w.WriteNumber("layers", Model.Layers);
        w.WriteNumber("heads", Model.Heads);
        w.WriteNumber("width", Model.Width);
        w.WriteNumber("dropout", Model.Dropout);
        w.WriteBoolean("tie_weights", Model.TieWeights);
        w.WriteEndObject();
        w.WriteStartObject("optimizer");
        w.WriteString("kind", Optimizer.Kind);
        w.WriteNumber("lr", Optimizer.Lr);
        w.WriteNumber("momentum", Optimizer.Momentum);
        w.WriteBoolean("nesterov", Optimizer.Nesterov);
        w.WriteNumber("weight_decay", Optimizer.WeightDecay);
        w.WriteNumber("beta1", Optimizer.Beta1);
        w.WriteNumber("beta2", Optimizer.Beta2);
        w.WriteNumber("eps", Optimizer.Eps);
        w.WriteEndObject();
        w.WriteNumber("seed", Seed);
        if (ExclusionDigest is { } ex) w.WriteString("exclusion_sha256", ex);
        else w.WriteNull("exclusion_sha256");
        if (InitDigest is { } init) w.WriteString("init_sha256", init);
        else w.WriteNull("init_sha256");
        w.WriteEndObject();
    }

    /// <summary>Reads what <see cref="Write"/> wrote; throws <see cref="FormatException"/> naming the missing or
    /// malformed field.</summary>
    public static RunIdentity Read(JsonElement e)
    {
        try
        {
            var data = e.GetProperty("data");
            var batch = e.GetProperty("batch");
            var m = e.GetProperty("model");
            var o = e.GetProperty("optimizer");
            var model = new ModelSpec(m.GetProperty("kind").GetString()!, m.GetProperty("hidden").EnumerateArray().Select(h => h.GetInt32()).ToArray(),
                m.GetProperty("activation").GetString()!, m.GetProperty("l2").GetDouble(), m.GetProperty("layers").GetInt32(),
                m.GetProperty("heads").GetInt32(), m.GetProperty("width").GetInt32(), m.GetProperty("dropout").GetDouble(),
                m.GetProperty("tie_weights").GetBoolean());
            var optimizer = new OptimizerSpec(o.GetProperty("kind").GetString()!, o.GetProperty("lr").GetDouble(), o.GetProperty("momentum").GetDouble(),
                o.GetProperty("nesterov").GetBoolean(), o.GetProperty("weight_decay").GetDouble(), o.GetProperty("beta1").GetDouble(),
                o.GetProperty("beta2").GetDouble(), o.GetProperty("eps").GetDouble());
            var ex = e.GetProperty("exclusion_sha256");
            var init = e.GetProperty("init_sha256");
            return new RunIdentity(data.GetProperty("source").GetString()!, data.GetProperty("fingerprint").GetString()!,
                batch.GetProperty("size").GetInt64(), batch.GetProperty("grad_accum").GetInt64(), batch.GetProperty("world_size").GetInt64(),
                batch.GetProperty("drop_last").GetBoolean(), model, optimizer, e.GetProperty("seed").GetUInt64(),
                ex.ValueKind == JsonValueKind.String ? ex.GetString() : null,
                init.ValueKind == JsonValueKind.String ? init.GetString() : null);
        }
        catch (Exception x) when (x is KeyNotFoundException or InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new FormatException($"identity: {x.Message.ReplaceLineEndings(" ")}", x);
        }
    }

    private static string Bool(bool b) => b ? "true" : "false";
}
