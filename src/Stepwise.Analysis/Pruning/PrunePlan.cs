using Stepwise.Configuration;
using Stepwise.Training.Setup;

namespace Stepwise.Analysis.Pruning;

/// <summary>An experiment checked and planned by <see cref="PruneExperiment.Prepare"/>, before anything is written:
/// its settings, seeds, repeat 0's setup (data, noise, plan) and the plans of the runs trained once and retrained.</summary>
public sealed class PrunePlan
{
    internal PrunePlan(PruneRequest request, PruneSettings settings, ConfigNode root, string? name, IReadOnlyList<ulong> seeds, RunSetup first,
        PruneGeometry retrained, long pruneCount, string key, string output)
    {
        Request = request;
        Settings = settings;
        Root = root;
        Name = name;
        Seeds = seeds;
        First = first;
        Trained = PruneGeometry.Of(first.Plan, first.Data.TrainCount);
        Retrained = retrained;
        PruneCount = pruneCount;
        Key = key;
        Output = Path.GetFullPath(output);
        OutDirectory = output;
    }

    /// <summary>The request.</summary>
    public PruneRequest Request { get; }

    /// <summary>The settings.</summary>
    public PruneSettings Settings { get; }

    /// <summary>The config tree the runs are derived from (the request's, without its <c>prune</c> section).</summary>
    internal ConfigNode Root { get; }

    /// <summary>The config's name, or null.</summary>
    internal string? Name { get; }

    /// <summary>The repeats' seeds: s, s + 1, …</summary>
    public IReadOnlyList<ulong> Seeds { get; }

    /// <summary>Repeat 0's run trained once: its config, data (with the noise) and plan.</summary>
    public RunSetup First { get; }

    /// <summary>The plan of a run trained once (from <see cref="First"/>'s plan: the stage windows are its).</summary>
    public PruneGeometry Trained { get; }

    /// <summary>The plan re-derived for the N − k kept samples.</summary>
    public PruneGeometry Retrained { get; }

    /// <summary>k, the samples pruned.</summary>
    public long PruneCount { get; }

    /// <summary>The experiment's identity (config and settings); a resume must match it.</summary>
    public string Key { get; }

    /// <summary>The experiment's folder (full path).</summary>
    public string Output { get; }

    /// <summary>The experiment's folder as given (or the default, relative to the working folder).</summary>
    public string OutDirectory { get; }
}
