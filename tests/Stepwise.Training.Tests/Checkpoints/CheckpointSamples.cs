using Stepwise.Training.Checkpoints;

namespace Stepwise.Training.Tests.Checkpoints;

/// <summary>Realistic checkpoint contents: model and optimizer safetensors and a trainer_state.json.</summary>
internal static class CheckpointSamples
{
    public static readonly string[] FileNames = ["model.safetensors", "optimizer.safetensors", "trainer_state.json"];

    public static CheckpointFile[] Files(long step, int seed = 1, int weights = 24)
    {
        var rng = new Random(seed);
        float[] w = Enumerable.Range(0, weights).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        float[] b = Enumerable.Range(0, 4).Select(_ => (float)rng.NextDouble() + 0.25f).ToArray();
        byte[] model = SafeTensors.Serialize([
            SafeTensors.F32("l0.weight", w, 4, weights / 4),
            SafeTensors.F32("l0.bias", b),
        ]);
        byte[] optimizer = SafeTensors.Serialize([
            SafeTensors.F32("exp_avg", w.Select(x => x * 0.1f).ToArray()),
            SafeTensors.F32("exp_avg_sq", w.Select(x => x * x + 1e-3f).ToArray()),
            SafeTensors.I64("step", [step]),
        ]);
        byte[] state = CheckpointJson.Write(j =>
        {
            j.WriteStartObject();
            j.WriteNumber("global_step", step);
            j.WriteNumber("epoch", step / 10.0);
            j.WriteNull("best_model_checkpoint");
            j.WriteNumber("seed", seed);
            j.WriteEndObject();
        });
        return [new("model.safetensors", model), new("optimizer.safetensors", optimizer), new("trainer_state.json", state)];
    }

    public static string[] TempEntries(string runDir) =>
        Directory.Exists(runDir)
            ? Directory.EnumerateFileSystemEntries(runDir, ".tmp-*").Select(Path.GetFileName).Select(n => n!).ToArray()
            : [];

    public static string[] Entries(string runDir) =>
        Directory.EnumerateFileSystemEntries(runDir).Select(Path.GetFileName).Select(n => n!).Order(StringComparer.Ordinal).ToArray();
}
