namespace Stepwise.Fault.Tests;

/// <summary>
/// One hostile input for <c>stepwise train</c>: the config text, extra files beside it, the arguments (placeholders
/// <c>{cfg}</c>, <c>{run}</c>, <c>{dir}</c>, <c>{ckpt}</c>: a copy of the reference's checkpoint_step_20) and the
/// fragments the single error line must contain.
/// </summary>
internal sealed record BadInputCase(string Name, string? Yaml, string[] Args, string[] Fragments)
{
    public static readonly string[] Train = ["train", "{cfg}", "--out", "{run}", "--quiet"];

    /// <summary>Files written into the case's folder before the run.</summary>
    public Dictionary<string, byte[]> Files { get; init; } = [];

    /// <summary>Files created sparse at the given length (zeros that take no disk), for the size limits.</summary>
    public Dictionary<string, long> SparseFiles { get; init; } = [];

    /// <summary>Whether {ckpt} is needed (a copy of the reference's checkpoint_step_20 under {dir}/other).</summary>
    public bool NeedsCheckpoint => Args.Any(a => a.Contains("{ckpt}", StringComparison.Ordinal)) || CheckpointInRun || CorruptModel;

    /// <summary>Put the reference's checkpoint_step_20 into {run} before the run (for --resume auto).</summary>
    public bool CheckpointInRun { get; init; }

    /// <summary>Flip a byte of {dir}/other/checkpoint_step_20/model.safetensors (a corrupt checkpoint given by path).</summary>
    public bool CorruptModel { get; init; }

    public override string ToString() => Name;
}
