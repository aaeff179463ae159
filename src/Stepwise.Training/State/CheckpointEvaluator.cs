using System.Text;
using Stepwise.Configuration;
using Stepwise.Training.Checkpoints;
using Stepwise.Training.Models;
using Stepwise.Training.Setup;

namespace Stepwise.Training.State;

/// <summary>Evaluates a saved checkpoint on named splits. The checkpoint's own <c>config.yaml</c> rebuilds the data and
/// the model, so the checkpoint folder alone is enough; a changed data source is refused.</summary>
public static class CheckpointEvaluator
{
    /// <summary>The step and metrics of <paramref name="checkpointPath"/> on <paramref name="splits"/> (all when null).
    /// <paramref name="readConfig"/> parses YAML text into a config tree (the CLI's YAML edge). Throws
    /// <see cref="RunInputException"/> for a missing, corrupt or incompatible checkpoint or an unknown split.</summary>
    public static (long Step, IReadOnlyList<EvalMetrics> Metrics) Evaluate(string checkpointPath, IReadOnlyList<string>? splits,
        Func<string, ParseResult<ConfigNode>> readConfig)
    {
        string path = Path.GetFullPath(checkpointPath.TrimEnd('/'));
        if (!Directory.Exists(path)) throw new RunInputException($"{checkpointPath}: no such checkpoint folder");
        var store = new CheckpointStore(Path.GetDirectoryName(path)!);
        var valid = store.Validate(path);
        if (!valid.IsValid) throw new RunInputException($"{Path.GetFileName(path)} is corrupt: {valid.Reason}");
        string name = Path.GetFileName(path);
        long step = CheckpointStore.TryParseFolderName(name, out long s) ? s : -1;
        IReadOnlyDictionary<string, byte[]> files;
        try { files = store.Load(new CheckpointInfo(step, path, false)); }
        catch (CheckpointFormatException e) { throw new RunInputException($"{name}: {e.Message}", e); }
        if (!files.TryGetValue(CheckpointCodec.ConfigFile, out byte[]? yaml)) throw new RunInputException($"{name}: config.yaml missing");
        var root = readConfig(Encoding.UTF8.GetString(yaml));
        if (!root.TryGetValue(out var node)) throw new RunInputException($"{name}/config.yaml: {root.Error}");
        var (setup, errors) = RunSetup.Create(node, path);
        if (setup is null) throw new RunInputException($"{name}/config.yaml: {string.Join("; ", errors)}");
        var model = setup.CreateModel();
        var optimizer = setup.CreateOptimizer(model.Params.Length);
        TrainerState state;
        try { state = CheckpointCodec.Restore(files, model, optimizer); }
        catch (Exception e) when (e is CheckpointFormatException or FormatException) { throw new RunInputException($"{name}: {e.Message}", e); }
        if (state.Identity.TryGetValue("data", out string? was) && was != setup.Identity["data"])
            throw new RunInputException($"{name}: the data changed since training ({was} → {setup.Identity["data"]})");
        var chosen = splits ?? model.Splits;
        foreach (string split in chosen)
        {
            if (!model.Splits.Contains(split))
            {
                string? guess = DidYouMean.Suggest(split, model.Splits);
                throw new RunInputException($"--splits {split}: no such split{(guess is null ? "" : $"; did you mean '{guess}'?")} (the data has: {string.Join(", ", model.Splits)})");
            }
        }
        return (state.GlobalStep, chosen.Select(sp => model.Evaluate(sp, setup.EvalBatch)).ToList());
    }
}
