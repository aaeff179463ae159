namespace Stepwise.Analysis.Dynamics;

/// <summary>
/// results.json's <c>parameters</c>, as read back by <see cref="ResultsJsonReader"/> (docs/dynamics.md): what the
/// experiment measured and how it trained. Counts are whole numbers in the file and are read as such.
/// </summary>
public sealed record DynamicsParameters
{
    /// <summary>The passage text's name.</summary>
    public required string Text { get; init; }
    /// <summary>SHA-256 of the passage text's bytes (lowercase hex).</summary>
    public required string TextSha256 { get; init; }
    /// <summary>The novel passages' text, or null when they follow the trained ones in <see cref="Text"/>.</summary>
    public string? NovelText { get; init; }
    /// <summary>Trained passages asked for (and as many novel ones).</summary>
    public required int NumPassages { get; init; }
    /// <summary>The scheduled epochs, strictly increasing, each ≥ 1.</summary>
    public required IReadOnlyList<long> EpochSchedule { get; init; }
    /// <summary>The plan step (state after that many updates) each scheduled epoch ends at.</summary>
    public required IReadOnlyList<long> Steps { get; init; }
    /// <summary>Whether <c>quick_test</c> chose the schedule.</summary>
    public required bool QuickTest { get; init; }
    /// <summary>U, updates per epoch.</summary>
    public required long StepsPerEpoch { get; init; }
    /// <summary>T, the run's final step.</summary>
    public required long TotalSteps { get; init; }
    /// <summary>Passages per update.</summary>
    public required long BatchSize { get; init; }
    /// <summary>The optimizer's kind (adamw, sgd).</summary>
    public required string Optimizer { get; init; }
    /// <summary>The peak learning rate.</summary>
    public required double LearningRate { get; init; }
    /// <summary>The weight decay.</summary>
    public required double WeightDecay { get; init; }
    /// <summary>The learning-rate schedule's kind.</summary>
    public required string LrSchedule { get; init; }
    /// <summary>Warm-up updates.</summary>
    public required long WarmupSteps { get; init; }
    /// <summary>The run's seed.</summary>
    public required ulong Seed { get; init; }
    /// <summary>TinyGpt blocks L (L layer transitions are measured: embedding → block 1, …, block L−1 → block L).</summary>
    public required int Layers { get; init; }
    /// <summary>Attention heads per block.</summary>
    public required int Heads { get; init; }
    /// <summary>The residual width C.</summary>
    public required int Width { get; init; }
    /// <summary>The context (tokens per training sequence, minus one).</summary>
    public required int Context { get; init; }
    /// <summary>The vocabulary size (256 bytes).</summary>
    public required int Vocab { get; init; }
    /// <summary>The checkpoint the weights started from ("RUN/checkpoint_step_N"), or null.</summary>
    public string? InitFrom { get; init; }
    /// <summary>k, neighbours per token for compression.</summary>
    public required int KNeighbors { get; init; }
    /// <summary>Prompt tokens of the fixed-length rule.</summary>
    public required int PromptTokens { get; init; }
    /// <summary>Target tokens of the fixed-length rule.</summary>
    public required int TargetTokens { get; init; }
    /// <summary>Seed 002's rule: memorized at accuracy ≥ this.</summary>
    public required double MemorizedThreshold { get; init; }
    /// <summary>The longest passage (context + 1 tokens).</summary>
    public required int MaxTokens { get; init; }
    /// <summary>The shortest passage measured (prompt + target tokens).</summary>
    public required int MinTokens { get; init; }
    /// <summary>The prefix lengths of <c>prefix_accuracy</c> (target tokens).</summary>
    public required IReadOnlyList<int> PrefixLengths { get; init; }
    /// <summary>ε of both compression scores.</summary>
    public required double Epsilon { get; init; }
    /// <summary>The false discovery rate of the Benjamini–Hochberg correction.</summary>
    public required double Fdr { get; init; }
    /// <summary>The significance level of the trajectory shapes.</summary>
    public required double Alpha { get; init; }
}
