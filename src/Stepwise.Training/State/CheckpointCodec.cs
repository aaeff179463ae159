using System.Security.Cryptography;
using System.Text;
using Stepwise.Engine.Optim;
using Stepwise.Training.Checkpoints;
using Stepwise.Training.Models;

namespace Stepwise.Training.State;

/// <summary>Turns a model, its optimizer and the trainer state into checkpoint files and back:
/// <c>model.safetensors</c> (one F32 tensor per named parameter view), <c>optimizer.safetensors</c> (<c>state</c>: the
/// flat moment buffer, <c>steps</c>: updates taken), <c>trainer_state.json</c>, <c>config.yaml</c>.</summary>
public static class CheckpointCodec
{
    /// <summary>model.safetensors.</summary>
    public const string ModelFile = "model.safetensors";
    /// <summary>optimizer.safetensors.</summary>
    public const string OptimizerFile = "optimizer.safetensors";
    /// <summary>trainer_state.json.</summary>
    public const string StateFile = "trainer_state.json";
    /// <summary>config.yaml (the resolved config, so a checkpoint alone is enough to resume or evaluate).</summary>
    public const string ConfigFile = "config.yaml";

    /// <summary>The model's weights as safetensors bytes (depends only on the weights).</summary>
    public static byte[] ModelBytes(ITrainModel model) =>
        SafeTensors.Serialize(model.Layout.Views.Select(v => SafeTensors.F32(v.Name, v.Of(model.Params), v.Shape.Select(d => (long)d).ToArray())).ToList());

    /// <summary>The optimizer's state as safetensors bytes.</summary>
    public static byte[] OptimizerBytes(IOptimizer<float> optimizer) =>
        SafeTensors.Serialize([SafeTensors.F32("state", optimizer.State, optimizer.State.Length), SafeTensors.I64("steps", [optimizer.Steps], 1)],
            new Dictionary<string, string> { ["optimizer"] = optimizer.Name });

    /// <summary>The files of a checkpoint; <paramref name="state"/> gets the file hashes filled in.</summary>
    public static IReadOnlyList<CheckpointFile> Files(ITrainModel model, IOptimizer<float> optimizer, TrainerState state, string configYaml)
    {
        byte[] m = ModelBytes(model), o = OptimizerBytes(optimizer);
        var full = state with
        {
            Files = new Dictionary<string, string>
            {
                [ModelFile] = Convert.ToHexStringLower(SHA256.HashData(m)),
                [OptimizerFile] = Convert.ToHexStringLower(SHA256.HashData(o)),
            },
        };
        return
        [
            new CheckpointFile(ModelFile, m),
            new CheckpointFile(OptimizerFile, o),
            new CheckpointFile(StateFile, Encoding.UTF8.GetBytes(full.ToJson())),
            new CheckpointFile(ConfigFile, Encoding.UTF8.GetBytes(configYaml)),
        ];
    }

    /// <summary>Restores weights and optimizer state from loaded checkpoint files; throws
    /// <see cref="CheckpointFormatException"/> when a tensor is missing or has another shape.</summary>
    public static TrainerState Restore(IReadOnlyDictionary<string, byte[]> files, ITrainModel model, IOptimizer<float> optimizer)
    {
        var state = ReadState(files);
        var weights = SafeTensors.Read(Need(files, ModelFile));
        foreach (var view in model.Layout.Views)
        {
            float[] values = weights.ReadF32(view.Name);
            if (values.Length != view.Length) throw new CheckpointFormatException($"{ModelFile}: {view.Name} has {values.Length} values, the model needs {view.Length} {view.ShapeText}");
            values.CopyTo(view.Of(model.Params));
        }
        var opt = SafeTensors.Read(Need(files, OptimizerFile));
        float[] moments = opt.ReadF32("state");
        if (moments.Length != optimizer.State.Length) throw new CheckpointFormatException($"{OptimizerFile}: state has {moments.Length} values, {optimizer.Name} needs {optimizer.State.Length}");
        moments.CopyTo(optimizer.State, 0);
        optimizer.Steps = opt.ReadI64("steps")[0];
        if (state.RngState is { } rng) model.RngState = rng;
        return state;
    }

    /// <summary>Parses <c>trainer_state.json</c> of loaded checkpoint files (without touching a model); throws
    /// <see cref="CheckpointFormatException"/> when it is missing or <see cref="FormatException"/> when malformed.</summary>
    public static TrainerState ReadState(IReadOnlyDictionary<string, byte[]> files) =>
        TrainerState.Parse(Encoding.UTF8.GetString(Need(files, StateFile)));

    private static byte[] Need(IReadOnlyDictionary<string, byte[]> files, string name) =>
        files.TryGetValue(name, out byte[]? b) ? b : throw new CheckpointFormatException($"{name} missing");
}
