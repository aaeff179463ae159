namespace Stepwise.Analysis.Dynamics;

/// <summary>What results.json records about the experiment's inputs (its <c>parameters</c> and <c>passages</c>).</summary>
public sealed record ExperimentInfo
{
    /// <summary>The passage text's name and SHA-256 of its bytes.</summary>
    public required (string Name, string Sha256) Text { get; init; }
    /// <summary>The novel passages' text, or null when they follow the trained ones in <see cref="Text"/>.</summary>
    public (string Name, string Sha256)? NovelText { get; init; }
    /// <summary>The settings.</summary>
    public required DynamicsSettings Settings { get; init; }
    /// <summary>The plan step of each scheduled epoch.</summary>
    public required IReadOnlyList<long> Steps { get; init; }
    /// <summary>U, updates per epoch.</summary>
    public required long StepsPerEpoch { get; init; }
    /// <summary>T.</summary>
    public required long TotalSteps { get; init; }
    /// <summary>Passages per update.</summary>
    public required long BatchSize { get; init; }
    /// <summary>Optimizer kind and peak learning rate.</summary>
    public required (string Kind, double Lr, double WeightDecay) Optimizer { get; init; }
    /// <summary>The learning-rate schedule kind and its warm-up updates.</summary>
    public required (string Kind, long Warmup) LrSchedule { get; init; }
    /// <summary>The model: layers, heads, width, context, vocabulary.</summary>
    public required (int Layers, int Heads, int Width, int Context, int Vocab) Model { get; init; }
    /// <summary>The checkpoint the weights start from, or null (the seed's initialization).</summary>
    public string? InitFrom { get; init; }
    /// <summary>The run's seed.</summary>
    public required ulong Seed { get; init; }
    /// <summary>The passages.</summary>
    public required PassageSelection Passages { get; init; }
}
