using Stepwise.Analysis.Dynamics;
using Stepwise.Config;
using Stepwise.Training;
using Stepwise.Training.Loop;

namespace Stepwise.Reports.Tests;

/// <summary>
/// Real dynamics folders for the report tests, made once: a <c>stepwise dynamics --quick-test</c> run on a tiny TinyGpt
/// and a few passages of the bundled text (through the CLI, which writes its report.html), the same experiment stopped
/// after its first scheduled epoch (through the Analysis API, at a chosen step), and a <c>stepwise train</c> run of the
/// digits MLP recorded with <c>dynamics: { record: true }</c> (the cartography map).
/// </summary>
public sealed class DynamicsRuns : IDisposable
{
    /// <summary>Two blocks (two transitions) of width 16, 8 + 8 passages of at most 65 bytes, 4 updates per epoch;
    /// --quick-test measures epochs 1, 5 and 20 (80 updates).</summary>
    public const string Experiment = """
        name: tiny-dynamics
        seed: 4
        threads: 1
        data: { context: 64 }
        model: { layers: 2, heads: 2, width: 16 }
        optimizer: { kind: adamw, lr: 0.01, weight_decay: 0.0 }
        batch: { size: 2 }
        dynamics: { num_passages: 8, k: 3 }
        """;

    /// <summary>The digits MLP over 4 epochs, each update's training forward pass recorded.</summary>
    public const string Cartography = """
        name: cartography-digits
        seed: 3
        threads: 1
        data: { source: digits, splits: { val: 0.2 } }
        model: { kind: mlp, hidden: [16] }
        optimizer: { kind: sgd, lr: 0.05, momentum: 0.9 }
        batch: { size: 32 }
        duration: { epochs: 4 }
        dynamics: { record: true }
        """;

    public DynamicsRuns()
    {
        Root = Path.Combine(Path.GetTempPath(), "stepwise-dynreport-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        string config = Path.Combine(Root, "experiment.yaml");
        File.WriteAllText(config, Experiment);
        Completed = Path.Combine(Root, "dynamics");
        var (code, stdout, stderr) = CliReport.Run("dynamics", config, "--quick-test", "--out", Completed, "--quiet");
        Assert.True(code == 0, stderr);
        CommandOutput = (stdout, stderr);

        Stopped = Path.Combine(Root, "dynamics-stopped");
        var root = YamlConfigReader.ReadText(Experiment.Replace("num_passages: 8", "num_passages: 8, quick_test: true", StringComparison.Ordinal), "experiment.yaml").Value;
        var (experiment, errors) = DynamicsExperiment.Prepare(root, Root);
        Assert.True(experiment is not null, string.Join("; ", errors));
        var stop = new StopSignal();
        var outcome = experiment!.Run(new DynamicsRequest { RunDirectory = Stopped, Stop = stop, Observer = new StopAt(stop, 6) });
        Assert.Equal(TrainOutcome.Stopped, outcome.Outcome);

        string cartographyConfig = Path.Combine(Root, "cartography.yaml");
        File.WriteAllText(cartographyConfig, Cartography);
        CartographyRun = Path.Combine(Root, "cartography");
        var (tc, _, terr) = CliReport.Run("train", cartographyConfig, "--out", CartographyRun, "--quiet");
        Assert.True(tc == 0, terr);
    }

    public string Root { get; }

    /// <summary>The completed quick-test run (its report.html written by the command).</summary>
    public string Completed { get; }

    /// <summary>stdout and stderr of the command that made <see cref="Completed"/>.</summary>
    public (string Out, string Err) CommandOutput { get; }

    /// <summary>The experiment stopped at step 6: epoch 1 (step 4) measured, epochs 5 and 20 not.</summary>
    public string Stopped { get; }

    /// <summary>The train run with a cartography log.</summary>
    public string CartographyRun { get; }

    /// <summary>A fresh folder under the root.</summary>
    public string Dir(string name) => Path.Combine(Root, name);

    public void Dispose()
    {
        try { Directory.Delete(Root, true); } catch (IOException) { }
    }

    /// <summary>Requests a stop once state <paramref name="at"/> is reached.</summary>
    private sealed class StopAt(StopSignal stop, long at) : ITrainObserver
    {
        public void Started(long step, long total, string runDirectory) { }
        public void Step(long step, long epoch, double loss, double lr) { if (step == at) stop.Request("test stop"); }
        public void Evaluated(long step, IReadOnlyList<Stepwise.Training.Models.EvalMetrics> metrics) { }
        public void Saved(long step, string path, double seconds) { }
        public void Message(string line) { }
    }
}
