using Stepwise.Analysis.Pruning;
using Stepwise.Configuration;
using Stepwise.Training.Setup;

namespace Stepwise.Analysis.Tests.Pruning;

/// <summary>Where each setting comes from (the command line, then <c>prune:</c>, then the training key it stands for,
/// then the default), and the one-line refusals of bad settings and requests, with nothing written.</summary>
public sealed class PruneSettingsTests : IDisposable
{
    private readonly PruneRuns _runs = new();

    public void Dispose() => _runs.Dispose();

    private static (PruneSettings? Settings, IReadOnlyList<string> Errors) Resolve(string yaml, PruneOverrides? cli = null)
    {
        var (values, errors) = ConfigBinder.Bind(PruneRuns.Tree(yaml), RunSchema.Run);
        Assert.Empty(errors);
        return PruneSettings.Resolve(values, cli ?? new PruneOverrides());
    }

    [Fact]
    public void Defaults_then_training_keys_then_the_prune_section_then_the_command_line()
    {
        var d = Resolve("data: { source: digits }").Settings!;
        Assert.Equal((5L, 0.3m, 0.3m, "all", 1, "val"), (d.Stages, d.Fraction, d.Noise, d.MethodName, d.Repeats, d.Query));
        var t = Resolve("data: { source: digits, label_noise: 0.2 }\nstages: 4").Settings!;
        Assert.Equal((4L, 0.2m), (t.Stages, t.Noise));
        var p = Resolve("data: { source: digits }\nprune: { stages: 3, fraction: 0.1, noise: 0.4, method: tracin, repeats: 5, query: holdout }").Settings!;
        Assert.Equal((3L, 0.1m, 0.4m, "tracin", 5, "holdout"), (p.Stages, p.Fraction, p.Noise, p.MethodName, p.Repeats, p.Query));
        var c = Resolve("data: { source: digits }\nprune: { stages: 3, fraction: 0.1 }", new PruneOverrides { Stages = 2, Fraction = 0.25m, Method = "tim", Repeats = 2 }).Settings!;
        Assert.Equal((2L, 0.25m, "tim", 2), (c.Stages, c.Fraction, c.MethodName, c.Repeats));
        Assert.Equal(300, c.PruneCount(1200));
        Assert.Equal(2, new PruneSettings { Stages = 1, Fraction = 0.125m, Noise = 0, Scorers = [PruneMethod.Tim], Repeats = 1, Query = "val" }.PruneCount(20)); // 2.5 → 2, half to even
    }

    [Theory]
    [InlineData("prune: { stages: 3 }\nstages: 4", null, "prune.stages = 3 and stages = 4 disagree")]
    [InlineData("prune: { noise: 0.1 }\ndata: { source: digits, label_noise: 0.2 }", null, "prune.noise = 0.1 and data.label_noise = 0.2 disagree")]
    [InlineData("prune: { fraction: 1.2 }", null, "prune.fraction = 1.2: must be above 0 and below 1")]
    [InlineData("data: { source: digits }", "--method tin", "--method tin: not a method; did you mean 'tim'?")]
    [InlineData("prune: { query: test }", null, "prune.query = test: the query defines the scores")]
    public void Bad_settings_are_one_line_naming_the_key(string yaml, string? method, string expected)
    {
        if (!yaml.Contains("data:", StringComparison.Ordinal)) yaml += "\ndata: { source: digits }";
        var (settings, errors) = Resolve(yaml, new PruneOverrides { Method = method?.Split(' ')[1] });
        Assert.Null(settings);
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("splits: { val: 0.143, test: 0.143 }", "splits: { val: 0.2 }", "data.splits: every retrained run is evaluated on a test split")]
    [InlineData("prune: { fraction: 0.3, method: tim }", "prune: { fraction: 0.3, method: tim, query: vall }", "prune.query = vall: no such split; did you mean 'val'?")]
    [InlineData("prune: { fraction: 0.3, method: tim }", "prune: { fraction: 0.0001, method: tim }", "prune.fraction = 0.0001: prunes round(0.0001 × 500) = 0 of the 500 train samples")]
    [InlineData("prune: { fraction: 0.3, method: tim }", "prune: { stages: 4, fraction: 0.3, method: tim }", "prune.stages = 4 and stages = 3 disagree")]
    [InlineData("stages: 3", "stages: 200", "stages = 200: more windows than the 192 updates")]
    public void A_request_the_experiment_cannot_run_is_refused_before_anything_is_written(string from, string to, string expected)
    {
        string yaml = PruneRuns.Small.Replace(from, to, StringComparison.Ordinal);
        var (plan, errors) = PruneExperiment.Prepare(_runs.Request(yaml, "refused"));
        Assert.Null(plan);
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
        Assert.False(Directory.Exists(_runs.Dir("refused")));
    }

    [Fact]
    public void A_model_without_exact_derivatives_and_a_folder_that_holds_something_are_refused()
    {
        const string gpt = "data: { source: text, context: 8, splits: { val: 0.2, test: 0.2 } }\nmodel: { kind: tiny_gpt, layers: 1, heads: 1, width: 8 }\nbatch: { size: 4 }\nduration: { max_steps: 5 }\nprune: { noise: 0 }";
        var (plan, errors) = PruneExperiment.Prepare(_runs.Request(gpt, "gpt"));
        Assert.Null(plan);
        Assert.Contains(errors, e => e.StartsWith("model.kind = tiny_gpt: stepwise prune scores with exact Hessian-vector products", StringComparison.Ordinal));

        _runs.Run(PruneRuns.Small, "done");
        var (again, held) = PruneExperiment.Prepare(_runs.Request(PruneRuns.Small, "done"));
        Assert.Null(again);
        Assert.Contains("already holds a pruning experiment; continue it with --resume auto", held[0], StringComparison.Ordinal);
        var (other, different) = PruneExperiment.Prepare(_runs.Request(PruneRuns.Small, "done", new PruneOverrides { Fraction = 0.2m }, resume: true));
        Assert.Null(other);
        Assert.Contains("holds a pruning experiment of another config or other settings", different[0], StringComparison.Ordinal);
        Assert.NotNull(PruneExperiment.Prepare(_runs.Request(PruneRuns.Small, "done", resume: true)).Plan);
    }
}
