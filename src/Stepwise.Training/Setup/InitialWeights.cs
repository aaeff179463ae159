using System.Security.Cryptography;
using Stepwise.Training.Checkpoints;
using Stepwise.Training.Models;
using Stepwise.Training.State;

namespace Stepwise.Training.Setup;

/// <summary>
/// The weights a run starts from instead of the seed's initialization (<c>model.init_from: RUN/checkpoint_step_N</c>):
/// a valid checkpoint's model.safetensors, every tensor of the new model present with the same shape — fine-tuning a
/// pretrained model. Its SHA-256 is part of the run's identity. The optimizer starts fresh.
/// </summary>
public sealed class InitialWeights
{
    private readonly SafeTensorsFile _file;

    private InitialWeights(string path, SafeTensorsFile file, string sha256) => (Path, _file, Sha256) = (path, file, sha256);

    /// <summary>The checkpoint folder.</summary>
    public string Path { get; }

    /// <summary>Lower-case hex SHA-256 of its model.safetensors.</summary>
    public string Sha256 { get; }

    /// <summary>Reads the weights of checkpoint folder <paramref name="path"/> (validated against its marker), or the
    /// one-line reason it cannot (for config key <paramref name="key"/>).</summary>
    public static ParseResult<InitialWeights> Load(string path, string key)
    {
        string full = System.IO.Path.GetFullPath(path.TrimEnd('/'));
        if (!Directory.Exists(full)) return ParseResult<InitialWeights>.Fail($"no such checkpoint folder (give a checkpoint_step_N folder of a run to start {key} from)");
        string name = System.IO.Path.GetFileName(full);
        if (!CheckpointStore.TryParseFolderName(name, out long step)) return ParseResult<InitialWeights>.Fail("not a checkpoint_step_N folder");
        var store = new CheckpointStore(System.IO.Path.GetDirectoryName(full)!);
        try
        {
            var files = store.Load(new CheckpointInfo(step, full, false));
            byte[] bytes = files[CheckpointCodec.ModelFile];
            return ParseResult<InitialWeights>.Ok(new InitialWeights(full, SafeTensors.Read(bytes), Convert.ToHexStringLower(SHA256.HashData(bytes))));
        }
        catch (CheckpointFormatException e)
        {
            return ParseResult<InitialWeights>.Fail(e.Message);
        }
        catch (KeyNotFoundException)
        {
            return ParseResult<InitialWeights>.Fail($"{name} has no {CheckpointCodec.ModelFile}");
        }
    }

    /// <summary>Null when every tensor of <paramref name="model"/> is in the file with its length; else what differs.</summary>
    public string? Mismatch(ITrainModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var view in model.Layout.Views)
        {
            if (!_file.Contains(view.Name)) return $"the checkpoint has no tensor {view.Name}: it is another model (this config builds {view.Name} {view.ShapeText})";
            long have = _file[view.Name].Shape.Aggregate(1L, (a, d) => a * d);
            if (have != view.Length) return $"{view.Name} has {have} values in the checkpoint, this config's model needs {view.Length} {view.ShapeText}";
        }
        return null;
    }

    /// <summary>Copies the weights into <paramref name="model"/> (checked by <see cref="Mismatch"/> first).</summary>
    public void CopyTo(ITrainModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var view in model.Layout.Views) _file.ReadF32(view.Name).CopyTo(view.Of(model.Params));
    }
}
