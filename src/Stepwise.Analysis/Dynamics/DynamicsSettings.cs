using System.Globalization;
using Stepwise.Configuration;

namespace Stepwise.Analysis.Dynamics;

/// <summary>
/// The <c>dynamics:</c> section of an experiment config, resolved (docs/dynamics.md). Every <c>stepwise dynamics</c>
/// option is one of these keys; paths resolve against the config file's folder.
/// </summary>
public sealed record DynamicsSettings
{
    /// <summary>Seed 002's default schedule: 1, 3, 5, 10, 20, 30, 50, 100.</summary>
    public static IReadOnlyList<long> StandardSchedule { get; } = [1, 3, 5, 10, 20, 30, 50, 100];

    /// <summary>Seed 002's <c>--quick_test</c> schedule: 1, 5, 20.</summary>
    public static IReadOnlyList<long> QuickSchedule { get; } = [1, 5, 20];

    /// <summary>The passage text (absolute path), or null for the bundled <i>Pride and Prejudice</i>.</summary>
    public string? TextPath { get; init; }

    /// <summary>A second text for the novel passages (absolute path), or null: the passages after the trained ones.</summary>
    public string? NovelTextPath { get; init; }

    /// <summary>The scheduled epochs, strictly increasing, each ≥ 1: measurements at the end of each.</summary>
    public IReadOnlyList<long> Schedule { get; init; } = StandardSchedule;

    /// <summary>Trained passages, and as many novel ones (default 100).</summary>
    public int NumPassages { get; init; } = 100;

    /// <summary>Neighbours per token for compression (default 15, self excluded).</summary>
    public int K { get; init; } = 15;

    /// <summary>Prompt tokens of the fixed-length rule (default 32).</summary>
    public int PromptTokens { get; init; } = 32;

    /// <summary>Target tokens of the fixed-length rule (default 32).</summary>
    public int TargetTokens { get; init; } = 32;

    /// <summary>Seed 002's rule: memorized when accuracy ≥ this (default 0.6), in (0, 1].</summary>
    public double MemorizedThreshold { get; init; } = 0.6;

    /// <summary>Keep the checkpoint of every scheduled epoch (else only the newest).</summary>
    public bool SaveCheckpoints { get; init; }

    /// <summary>Write hidden/epoch_E.safetensors at every scheduled epoch.</summary>
    public bool SaveHiddenStates { get; init; }

    /// <summary>A pretraining config (absolute path) whose final checkpoint the model starts from, or null.</summary>
    public string? PretrainConfig { get; init; }

    /// <summary>The pretraining run folder (absolute path), or null for the default next to the run folder.</summary>
    public string? PretrainOut { get; init; }

    /// <summary>Whether <c>quick_test</c> chose the schedule.</summary>
    public bool QuickTest { get; init; }

    /// <summary>Tokens a passage needs: prompt + target of the fixed rule.</summary>
    public int MinTokens => PromptTokens + TargetTokens;

    /// <summary>The measured prefix lengths of seed 002's rule (target tokens).</summary>
    public static IReadOnlyList<int> PrefixLengths { get; } = [5, 10, 20];

    /// <summary>Reads the section from bound values (relative paths against <paramref name="baseDirectory"/>); returns
    /// the settings or every problem, one line each.</summary>
    public static (DynamicsSettings? Settings, IReadOnlyList<ConfigError> Errors) Read(ConfigValues v, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(v);
        var errors = new List<ConfigError>();
        string? Path(string key) => v.Word(key) is { } p ? System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDirectory, p)) : null;
        int Int(string key, int fallback, int max)
        {
            if (v.Count(key) is not { } c) return fallback;
            if (c <= max) return (int)c;
            errors.Add(new(v.Key(key), v.Text(key), string.Create(CultureInfo.InvariantCulture, $"is too large; allowed: ≤ {max}")));
            return fallback;
        }
        bool quick = v.Bool("dynamics.quick_test", false);
        IReadOnlyList<long> schedule = quick ? QuickSchedule : v.CountList("dynamics.epoch_schedule") ?? StandardSchedule;
        if (!quick && v.CountList("dynamics.epoch_schedule") is { } given)
        {
            if (given.Count == 0) errors.Add(new(v.Key("dynamics.epoch_schedule"), v.Text("dynamics.epoch_schedule"), "is empty; allowed: increasing epochs, e.g. [1, 3, 5, 10, 20, 30, 50, 100]"));
            for (int i = 1; i < given.Count; i++)
            {
                if (given[i] > given[i - 1]) continue;
                errors.Add(new(v.Key("dynamics.epoch_schedule"), v.Text("dynamics.epoch_schedule"), "must be strictly increasing, e.g. [1, 3, 5, 10, 20, 30, 50, 100]"));
                break;
            }
            if (given.Count > 0 && given[^1] > 1_000_000) errors.Add(new(v.Key("dynamics.epoch_schedule"), v.Text("dynamics.epoch_schedule"), "an epoch is too large; allowed: ≤ 1000000"));
        }
        double threshold = v.Real("dynamics.memorized_threshold") is { } t ? (double)t : 0.6;
        if (threshold > 1) errors.Add(new(v.Key("dynamics.memorized_threshold"), v.Text("dynamics.memorized_threshold"), "is out of range; allowed: a share in (0, 1]"));
        var settings = new DynamicsSettings
        {
            TextPath = Path("dynamics.text"),
            NovelTextPath = Path("dynamics.novel_text"),
            Schedule = schedule,
            QuickTest = quick,
            NumPassages = Int("dynamics.num_passages", 100, 100_000),
            K = Int("dynamics.k", 15, 10_000),
            PromptTokens = Int("dynamics.prompt_tokens", 32, 1_000_000),
            TargetTokens = Int("dynamics.target_tokens", 32, 1_000_000),
            MemorizedThreshold = threshold,
            SaveCheckpoints = v.Bool("dynamics.save_checkpoints", false),
            SaveHiddenStates = v.Bool("dynamics.save_hidden_states", false),
            PretrainConfig = Path("dynamics.pretrain"),
            PretrainOut = Path("dynamics.pretrain_out"),
        };
        if (settings.PretrainConfig is null && v.Has("dynamics.pretrain_out"))
            errors.Add(new(v.Key("dynamics.pretrain_out"), v.Text("dynamics.pretrain_out"), "needs dynamics.pretrain (the pretraining config)"));
        if (settings.PretrainConfig is not null && v.Has("model.init_from"))
            errors.Add(new(v.Key("model.init_from"), v.Text("model.init_from"), "give one start: model.init_from or dynamics.pretrain"));
        return errors.Count == 0 ? (settings, errors) : (null, errors);
    }

    /// <summary>The settings that change what is measured, as text: a resumed run must measure as the run did.</summary>
    public string MeasurementKey() => string.Create(CultureInfo.InvariantCulture,
        $"schedule={string.Join(",", Schedule)};passages={NumPassages};k={K};prompt={PromptTokens};target={TargetTokens};threshold={MemorizedThreshold:R}");
}
