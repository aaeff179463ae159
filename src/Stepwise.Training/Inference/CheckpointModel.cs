using Stepwise.Config;
using Stepwise.Configuration;
using Stepwise.Engine.Models;
using Stepwise.Engine.Parameters;
using Stepwise.Training.Checkpoints;
using Stepwise.Training.Setup;
using Stepwise.Training.State;

namespace Stepwise.Training.Inference;

/// <summary>
/// A trained model from a checkpoint folder alone — its config's model section, its weights and its
/// <see cref="ModelSignature"/> — without the training data: what <c>predict</c>, <c>generate</c> and <c>export</c> use.
/// The files are validated against the checkpoint's marker first.
/// </summary>
public sealed class CheckpointModel
{
    private CheckpointModel(string path, long step, ModelSpec spec, ModelSignature signature, Mlp<float>? mlp, TinyGpt<float>? gpt)
    {
        Path = path;
        Step = step;
        Spec = spec;
        Signature = signature;
        Mlp = mlp;
        Gpt = gpt;
    }

    /// <summary>The checkpoint folder.</summary>
    public string Path { get; }

    /// <summary>Its step.</summary>
    public long Step { get; }

    /// <summary>The model section of its config.</summary>
    public ModelSpec Spec { get; }

    /// <summary>Its inputs and outputs.</summary>
    public ModelSignature Signature { get; }

    /// <summary>The network of a tabular model, or null.</summary>
    public Mlp<float>? Mlp { get; }

    /// <summary>The network of a sequence model, or null.</summary>
    public TinyGpt<float>? Gpt { get; }

    /// <summary>Opens <paramref name="checkpointPath"/> (a <c>checkpoint_step_N</c> folder); throws
    /// <see cref="RunInputException"/> (one line) when it is missing, corrupt or not a Stepwise checkpoint.</summary>
    public static CheckpointModel Open(string checkpointPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointPath);
        string full = System.IO.Path.GetFullPath(checkpointPath.TrimEnd('/'));
        string name = System.IO.Path.GetFileName(full);
        if (!Directory.Exists(full)) throw new RunInputException($"{checkpointPath}: no such checkpoint folder");
        if (!CheckpointStore.TryParseFolderName(name, out long step)) throw new RunInputException($"{checkpointPath}: not a checkpoint_step_N folder");
        var store = new CheckpointStore(System.IO.Path.GetDirectoryName(full)!);
        IReadOnlyDictionary<string, byte[]> files;
        try { files = store.Load(new CheckpointInfo(step, full, false)); }
        catch (CheckpointFormatException e) { throw new RunInputException(e.Message, e); }
        try
        {
            var state = CheckpointCodec.ReadState(files);
            if (!files.TryGetValue(CheckpointCodec.ConfigFile, out byte[]? yaml)) throw new RunInputException($"{name}: config.yaml missing");
            var root = YamlConfigReader.ReadText(System.Text.Encoding.UTF8.GetString(yaml), $"{name}/config.yaml");
            if (!root.TryGetValue(out ConfigNode? node)) throw new RunInputException(root.Error!);
            var (values, bindErrors) = ConfigBinder.Bind(node, RunSchema.Run);
            var (config, errors) = bindErrors.Count > 0 ? (null, bindErrors) : RunConfig.FromValues(values);
            if (config is null) throw new RunInputException($"{name}/config.yaml: {string.Join("; ", errors)}");
            var sig = state.Model;
            Mlp<float>? mlp = null;
            TinyGpt<float>? gpt = null;
            ParamLayout layout;
            float[] parameters;
            if (sig.Vocabulary is { } vocab)
            {
                gpt = ModelFactory.Gpt(config.Model, vocab.Size, sig.Context);
                gpt.Training = false;
                (layout, parameters) = (gpt.Layout, gpt.Params);
            }
            else
            {
                mlp = ModelFactory.Mlp(config.Model, sig.Features, sig.Classes);
                (layout, parameters) = (mlp.Layout, mlp.Params);
            }
            var weights = SafeTensors.Read(files[CheckpointCodec.ModelFile]);
            foreach (var view in layout.Views)
            {
                float[] v = weights.ReadF32(view.Name);
                if (v.Length != view.Length) throw new CheckpointFormatException($"{CheckpointCodec.ModelFile}: {view.Name} has {v.Length} values, the model needs {view.Length} {view.ShapeText}");
                v.CopyTo(view.Of(parameters));
            }
            return new CheckpointModel(full, step, config.Model, sig, mlp, gpt);
        }
        catch (Exception e) when (e is CheckpointFormatException or FormatException or KeyNotFoundException)
        {
            throw new RunInputException($"{name}: {e.Message}", e);
        }
    }

    /// <summary>The TinyGpt, or <see cref="RunInputException"/> saying that <paramref name="command"/> needs one.</summary>
    public TinyGpt<float> RequireGpt(string command) =>
        Gpt ?? throw new RunInputException($"{command}: {System.IO.Path.GetFileName(Path)} holds a {Spec.Kind} (tabular) model; {command} needs a tiny_gpt (text) checkpoint");

    /// <summary>The MLP, or <see cref="RunInputException"/> saying that <paramref name="command"/> needs one.</summary>
    public Mlp<float> RequireMlp(string command) =>
        Mlp ?? throw new RunInputException($"{command}: {System.IO.Path.GetFileName(Path)} holds a tiny_gpt (text) model; {command} needs a tabular (logreg or mlp) checkpoint");
}
