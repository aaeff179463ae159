namespace Stepwise.Training.Loop;

/// <summary>Where a run starts: fresh, from the newest valid checkpoint, from a given one, or from an epoch's end.</summary>
public sealed record ResumeMode
{
    private ResumeMode(ResumeKind kind, string? path, long? epoch) => (Kind, Path, Epoch) = (kind, path, epoch);

    /// <summary>Which kind of start.</summary>
    public ResumeKind Kind { get; }

    /// <summary>The checkpoint folder, for <see cref="ResumeKind.Checkpoint"/>.</summary>
    public string? Path { get; }

    /// <summary>The 1-based epoch, for <see cref="ResumeKind.EpochEnd"/>.</summary>
    public long? Epoch { get; }

    /// <summary>Start at step 0.</summary>
    public static ResumeMode None { get; } = new(ResumeKind.None, null, null);

    /// <summary>The newest valid checkpoint of the run folder, or step 0 when there is none.</summary>
    public static ResumeMode Auto { get; } = new(ResumeKind.Auto, null, null);

    /// <summary>The checkpoint folder <paramref name="path"/>.</summary>
    public static ResumeMode FromCheckpoint(string path) => new(ResumeKind.Checkpoint, path ?? throw new ArgumentNullException(nameof(path)), null);

    /// <summary>The checkpoint at the end of 1-based epoch <paramref name="epoch"/>.</summary>
    public static ResumeMode FromEpochEnd(long epoch) => new(ResumeKind.EpochEnd, null, epoch);

    /// <summary>The mode of <c>--resume auto|PATH</c> and <c>--resume-from-epoch E</c> (at most one of them), or the
    /// one-line message.</summary>
    public static ParseResult<ResumeMode> Parse(string? resume, long? fromEpoch)
    {
        if (resume is not null && fromEpoch is not null) return ParseResult<ResumeMode>.Fail("--resume and --resume-from-epoch: give one");
        if (fromEpoch is { } e) return ParseResult<ResumeMode>.Ok(FromEpochEnd(e));
        return resume switch
        {
            null => ParseResult<ResumeMode>.Ok(None),
            "auto" => ParseResult<ResumeMode>.Ok(Auto),
            "" => ParseResult<ResumeMode>.Fail("--resume: give auto or a checkpoint_step_N folder"),
            _ => ParseResult<ResumeMode>.Ok(FromCheckpoint(resume)),
        };
    }

    /// <summary>The run folder this mode writes: <paramref name="outDir"/> when given; else a checkpoint's parent
    /// folder; else, for a fresh start, <paramref name="fresh"/> (called for the default); a resume of the newest or an
    /// epoch's checkpoint needs <c>--out</c>.</summary>
    public ParseResult<string> RunDirectory(string? outDir, Func<string> fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        if (outDir is not null) return ParseResult<string>.Ok(outDir);
        return Kind switch
        {
            ResumeKind.Checkpoint => ParseResult<string>.Ok(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path!.TrimEnd('/'))) ?? "."),
            ResumeKind.Auto => ParseResult<string>.Fail("--resume auto needs --out DIR (the run folder to continue)"),
            ResumeKind.EpochEnd => ParseResult<string>.Fail("--resume-from-epoch needs --out DIR (the run folder to continue)"),
            _ => ParseResult<string>.Ok(fresh()),
        };
    }
}
