using System.Globalization;
using Stepwise.Training.Checkpoints;

namespace Stepwise.Analysis.Dynamics;

/// <summary>
/// <c>hidden/epoch_E.safetensors</c> (<c>--save-hidden-states</c>): float32 <c>layer_ℓ</c> (tokens, width) for
/// ℓ = 0 (embedding output) .. L, int32 <c>passage</c> (tokens: the position of each token's passage in the measured
/// order), uint8 <c>trained</c> (passages) and int32 <c>source_index</c> (passages: the passage's index in its text),
/// so anyone can recompute the scores with numpy. Written atomically.
/// </summary>
public static class HiddenStatesFile
{
    /// <summary>The folder inside the run folder.</summary>
    public const string Folder = "hidden";

    /// <summary>The file of <paramref name="epoch"/>.</summary>
    public static string PathOf(string runDirectory, long epoch) =>
        Path.Combine(runDirectory, Folder, string.Create(CultureInfo.InvariantCulture, $"epoch_{epoch}.safetensors"));

    /// <summary>Writes <paramref name="states"/> as epoch <paramref name="epoch"/>'s file.</summary>
    public static void Write(string runDirectory, long epoch, LayerStates states)
    {
        ArgumentNullException.ThrowIfNull(states);
        Directory.CreateDirectory(Path.Combine(runDirectory, Folder));
        var tensors = new List<TensorEntry>();
        for (int l = 0; l < states.Layers.Count; l++)
        {
            tensors.Add(SafeTensors.F32(string.Create(CultureInfo.InvariantCulture, $"layer_{l}"), states.Layers[l], states.Tokens, states.Width));
        }
        tensors.Add(SafeTensors.I32("passage", states.Passage));
        tensors.Add(SafeTensors.U8("trained", states.Trained));
        tensors.Add(SafeTensors.I32("source_index", states.SourceIndex));
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = "stepwise.dynamics.hidden_states",
            ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
            ["layers"] = "layer_0 = embedding output (token + position); layer_l = output of block l, before the final LayerNorm",
        };
        string path = PathOf(runDirectory, epoch), tmp = path + ".tmp";
        using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            SafeTensors.Write(stream, tensors, metadata);
        }
        File.Move(tmp, path, overwrite: true);
    }
}
