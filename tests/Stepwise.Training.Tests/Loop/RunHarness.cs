using System.Security.Cryptography;
using Stepwise.Config;
using Stepwise.Training.Models;
using Stepwise.Training.Loop;
using Stepwise.Training.Setup;

namespace Stepwise.Training.Tests.Loop;

/// <summary>Builds run setups from YAML text and runs them in temporary folders.</summary>
public sealed class RunHarness : IDisposable
{
    public RunHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "stepwise-run-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Dir(string name) => Path.Combine(Root, name);

    public static RunSetup Setup(string yaml)
    {
        var node = YamlConfigReader.ReadText(yaml, "test.yaml");
        Assert.True(node.Success, node.Error);
        var (setup, errors) = RunSetup.Create(node.Value, Path.GetTempPath());
        Assert.True(setup is not null, string.Join("\n", errors));
        return setup!;
    }

    public static IReadOnlyList<string> Errors(string yaml)
    {
        var node = YamlConfigReader.ReadText(yaml, "test.yaml");
        if (!node.Success) return [node.Error!];
        var (setup, errors) = RunSetup.Create(node.Value, Path.GetTempPath());
        Assert.Null(setup);
        return errors.Select(e => e.ToString()).ToList();
    }

    /// <summary>Runs <paramref name="yaml"/> into <paramref name="dir"/>; stops after state <paramref name="stopAt"/> when given.</summary>
    public static (TrainOutcome Outcome, Trainer Trainer, RecordingObserver Observer) Train(string yaml, string dir, ResumeMode? resume = null,
        long? stopAt = null, bool force = false, Func<TrainerOptions, TrainerOptions>? options = null)
    {
        var setup = Setup(yaml);
        var stop = new StopSignal();
        var observer = new RecordingObserver(stop, stopAt);
        var o = new TrainerOptions { RunDirectory = dir, Resume = resume ?? ResumeMode.None, Stop = stop, Observer = observer, Force = force };
        var trainer = new Trainer(setup, options is null ? o : options(o));
        return (trainer.Run(), trainer, observer);
    }

    public static string Hash(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));

    public void Dispose()
    {
        try { Directory.Delete(Root, true); } catch (IOException) { }
    }
}

/// <summary>Records what the trainer reports; requests a stop at a given step.</summary>
public sealed class RecordingObserver(StopSignal stop, long? stopAt) : ITrainObserver
{
    public List<long> Saves { get; } = [];
    public List<long> Evals { get; } = [];
    public List<string> Messages { get; } = [];
    public List<long> Steps { get; } = [];

    public void Started(long step, long total, string runDirectory) { }

    public void Step(long step, long epoch, double loss, double lr)
    {
        Steps.Add(step);
        if (stopAt == step) stop.Request("test");
    }

    public void Evaluated(long step, IReadOnlyList<EvalMetrics> metrics) => Evals.Add(step);

    public void Saved(long step, string path, double seconds) => Saves.Add(step);

    public void Message(string line) => Messages.Add(line);

    public List<string> Details { get; } = [];

    public void Detail(string line) => Details.Add(line);

    public List<(long Epoch, long Step)> EpochEnds { get; } = [];
    public List<(int Stage, long Step)> WindowEnds { get; } = [];

    public void EpochEnded(long epoch, long step) => EpochEnds.Add((epoch, step));

    public void WindowEnded(int stage, long step) => WindowEnds.Add((stage, step));
}
