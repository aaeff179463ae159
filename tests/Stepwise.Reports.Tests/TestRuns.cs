using Stepwise.Config;
using Stepwise.Training.Loop;
using Stepwise.Training.Setup;

namespace Stepwise.Reports.Tests;

/// <summary>Real run folders for the report tests, trained by Training's own Trainer in temporary folders.</summary>
public sealed class TestRuns : IDisposable
{
    /// <summary>A short MLP run on the bundled digits: 3 epochs of 34 steps, evaluated every epoch, checkpoints every 20.</summary>
    public const string Mlp = """
        name: mlp-digits
        seed: 3
        data: { source: digits, splits: { val: 0.2, test: 0.2 } }
        model: { kind: mlp, hidden: [16] }
        optimizer: { kind: sgd, lr: 0.1, momentum: 0.9 }
        lr_schedule: { kind: cosine, warmup_steps: 10 }
        batch: { size: 32 }
        duration: { epochs: 3 }
        eval: { at_epoch_end: true }
        checkpoints: { every: 20, epoch_ends: true }
        log: { every: 2 }
        """;

    public TestRuns()
    {
        Root = Path.Combine(Path.GetTempPath(), "stepwise-report-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Dir(string name) => Path.Combine(Root, name);

    /// <summary>Trains <paramref name="yaml"/> into <paramref name="dir"/>; stops after state <paramref name="stopAt"/> when given.</summary>
    public static TrainOutcome Train(string yaml, string dir, long? stopAt = null, bool resume = false)
    {
        var node = YamlConfigReader.ReadText(yaml, "test.yaml");
        Assert.True(node.Success, node.Error);
        var (setup, errors) = RunSetup.Create(node.Value, Path.GetTempPath());
        Assert.True(setup is not null, string.Join("\n", errors));
        var stop = new StopSignal();
        var options = new TrainerOptions
        {
            RunDirectory = dir,
            Resume = resume ? ResumeMode.Auto : ResumeMode.None,
            Stop = stop,
            Hooks = stopAt is { } s ? [new StopAt(stop, s)] : [],
            Threads = 1,
        };
        return new Trainer(setup!, options).Run();
    }

    /// <summary>A completed run.</summary>
    public string Completed(string name = "completed", string yaml = Mlp)
    {
        string dir = Dir(name);
        Train(yaml, dir);
        return dir;
    }

    /// <summary>A run stopped after state <paramref name="stopAt"/> (a checkpoint there, status stopped).</summary>
    public string Stopped(string name = "stopped", long stopAt = 45)
    {
        string dir = Dir(name);
        Train(Mlp, dir, stopAt);
        return dir;
    }

    /// <summary>A run stopped after state <paramref name="stopAt"/>, then resumed to the end.</summary>
    public string Resumed(string name = "resumed", long stopAt = 45)
    {
        string dir = Dir(name);
        Train(Mlp, dir, stopAt);
        Train(Mlp, dir, resume: true);
        return dir;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, true); } catch (IOException) { }
    }

    private sealed class StopAt(StopSignal stop, long step) : IUpdateHook
    {
        public void AfterUpdate(in UpdateRecord update)
        {
            if (update.After.Value == step) stop.Request("test stop");
        }
    }
}
