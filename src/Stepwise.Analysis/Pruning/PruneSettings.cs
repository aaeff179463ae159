using System.Globalization;
using Stepwise.Configuration;

namespace Stepwise.Analysis.Pruning;

/// <summary>
/// What a pruning experiment does (docs/influence.md): K stage windows, the share pruned, the label noise, the scoring
/// methods, the repeats and the query split. Each value comes from the command line, else the config's <c>prune:</c>
/// section, else the training keys it stands for (<c>stages</c>, <c>data.label_noise</c>), else the default (5 stages,
/// 0.3, 0.3, all, 1, val). Evaluation is always on the <see cref="TestSplit"/>.
/// </summary>
public sealed record PruneSettings
{
    /// <summary>The split every retrained run is evaluated on; never the query split.</summary>
    public const string TestSplit = "test";

    /// <summary>K, the plan's stage windows (≥ 1).</summary>
    public required long Stages { get; init; }

    /// <summary>The share of train samples pruned, in (0, 1), as written (exact decimal).</summary>
    public required decimal Fraction { get; init; }

    /// <summary>The share of train labels flipped (<c>data.label_noise</c> of every run), in [0, 1), as written.</summary>
    public required decimal Noise { get; init; }

    /// <summary>The scoring methods (TIM, TracIn or both), in table order.</summary>
    public required IReadOnlyList<PruneMethod> Scorers { get; init; }

    /// <summary>R, the seeds the whole experiment runs with: the config's seed s, s + 1, …, s + R − 1.</summary>
    public required int Repeats { get; init; }

    /// <summary>The split whose loss defines the scores (never <see cref="TestSplit"/>).</summary>
    public required string Query { get; init; }

    /// <summary><c>--method</c>'s name for <see cref="Scorers"/>: tim, tracin or all.</summary>
    public string MethodName => Scorers.Count == 2 ? "all" : PruneNames.Of(Scorers[0]);

    /// <summary>k = round-half-even(fraction · n) samples pruned out of <paramref name="samples"/> (exact decimal arithmetic).</summary>
    public long PruneCount(long samples) => (long)decimal.Round(Fraction * samples, 0, MidpointRounding.ToEven);

    /// <summary>Resolves the settings from <paramref name="cli"/>, then <paramref name="v"/> (a bound run config);
    /// returns them or one line per problem, naming the option or key, the value and what is allowed.</summary>
    public static (PruneSettings? Settings, IReadOnlyList<string> Errors) Resolve(ConfigValues v, PruneOverrides cli)
    {
        ArgumentNullException.ThrowIfNull(v);
        ArgumentNullException.ThrowIfNull(cli);
        var errors = new List<string>();
        long stages = cli.Stages ?? Agreed(v, "prune.stages", "stages", p => v.Count(p), errors) ?? 5;
        if (stages < 1) errors.Add(Inv($"--stages {stages}: must be ≥ 1 (the plan's K stage windows)"));

        decimal fraction = cli.Fraction ?? v.Real("prune.fraction") ?? 0.3m;
        if (fraction <= 0 || fraction >= 1)
            errors.Add(Inv($"{(cli.Fraction is not null ? "--prune" : v.Key("prune.fraction"))} = {fraction}: must be above 0 and below 1 (the share of train samples pruned, e.g. 0.3)"));

        decimal noise = cli.Noise ?? Agreed(v, "prune.noise", "data.label_noise", p => v.Real(p), errors) ?? 0.3m;
        if (noise < 0 || noise >= 1)
            errors.Add(Inv($"{(cli.Noise is not null ? "--noise" : "prune.noise")} = {noise}: must be at least 0 and below 1 (the share of train labels flipped, e.g. 0.3)"));

        string method = (cli.Method ?? v.Word("prune.method") ?? "all").ToLowerInvariant();
        IReadOnlyList<PruneMethod> scorers = method switch
        {
            "tim" => [PruneMethod.Tim],
            "tracin" => [PruneMethod.TracIn],
            "all" => [PruneMethod.Tim, PruneMethod.TracIn],
            _ => [],
        };
        if (scorers.Count == 0)
        {
            string? guess = DidYouMean.Suggest(method, ["tim", "tracin", "all"]);
            errors.Add($"--method {method}: not a method{(guess is null ? "" : $"; did you mean '{guess}'?")} (allowed: tim, tracin, all)");
        }

        long repeats = cli.Repeats ?? v.Count("prune.repeats") ?? 1;
        if (repeats is < 1 or > 1000) errors.Add(Inv($"{(cli.Repeats is not null ? "--repeats" : "prune.repeats")} = {repeats}: must be 1..1000 (seeds s, s + 1, …)"));

        string query = cli.Query ?? v.Word("prune.query") ?? "val";
        if (query == TestSplit)
            errors.Add($"{(cli.Query is not null ? "--query" : "prune.query")} = {TestSplit}: the query defines the scores, and the retrained runs are evaluated on the test split; give another split (e.g. val)");

        if (errors.Count > 0) return (null, errors);
        return (new PruneSettings { Stages = stages, Fraction = fraction, Noise = noise, Scorers = scorers, Repeats = (int)repeats, Query = query }, errors);
    }

    /// <summary>The prune key's value, else the training key's; both given and different is an error.</summary>
    private static T? Agreed<T>(ConfigValues v, string pruneKey, string trainingKey, Func<string, T?> read, List<string> errors) where T : struct
    {
        T? own = read(pruneKey), training = read(trainingKey);
        if (own is { } a && training is { } b && !a.Equals(b))
            errors.Add($"{v.Key(pruneKey)} = {v.Text(pruneKey)} and {v.Key(trainingKey)} = {v.Text(trainingKey)} disagree; give one ({pruneKey} sets {trainingKey} for every run of the experiment)");
        return own ?? training;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
