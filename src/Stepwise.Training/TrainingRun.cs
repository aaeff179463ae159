using Stepwise.Engine.Optim;
using Stepwise.Training.Checkpoints;
using Stepwise.Training.Loop;
using Stepwise.Training.Models;
using Stepwise.Training.Sampling;
using Stepwise.Training.Setup;
using Stepwise.Training.State;

namespace Stepwise.Training;

/// <summary>
/// A run's model at one state, with everything that moves it: the optimizer, the sampler and the update runner, built
/// from a <see cref="RunSetup"/> at step 0 (<see cref="Start"/>) or from a checkpoint (<see cref="Load"/>, and
/// <see cref="Open(string, Step?, Action{string}?)"/> for a checkpoint folder alone). <see cref="Update"/> and
/// <see cref="ReplayTo"/> perform updates exactly as <c>stepwise train</c> does, so replaying from any checkpoint
/// reproduces the run bit for bit. Resume, <c>evaluate</c>, <c>generate</c>, the analyses and reports all open runs here.
/// </summary>
public sealed class TrainingRun
{
    private readonly bool _exclusionUnknown;

    private TrainingRun(RunSetup setup, ITrainModel model, IOptimizer<float> optimizer, Step step, TrainerState? restored, CheckpointInfo? checkpoint, bool exclusionUnknown,
        LrTimeline? history = null)
    {
        Setup = setup;
        Model = model;
        Optimizer = optimizer;
        Sampler = setup.CreateSampler();
        // A resume with another duration recomputes the schedule from here on; the updates before keep theirs.
        LrTimeline = history ?? restored?.LrTimeline.ContinuedWith(step.Value, setup.LrSchedule) ?? LrTimeline.Of(setup.LrSchedule);
        Runner = new UpdateRunner(model, optimizer, Sampler, LrTimeline, setup.Exclusion);
        Step = step;
        Restored = restored;
        Checkpoint = checkpoint;
        _exclusionUnknown = exclusionUnknown;
    }

    /// <summary>The run's setup (config, data, plan).</summary>
    public RunSetup Setup { get; }

    /// <summary>The model, at <see cref="Step"/>.</summary>
    public ITrainModel Model { get; }

    /// <summary>The optimizer, at <see cref="Step"/>.</summary>
    public IOptimizer<float> Optimizer { get; }

    /// <summary>The sampler (which rows every update reads).</summary>
    public IBatchSampler Sampler { get; }

    /// <summary>The learning rate of every update, this run's earlier segments included.</summary>
    public LrTimeline LrTimeline { get; }

    /// <summary>Runs single updates.</summary>
    public UpdateRunner Runner { get; }

    /// <summary>The current state: updates done.</summary>
    public Step Step { get; private set; }

    /// <summary>The trainer state of the checkpoint this run was loaded from, or null for a fresh start.</summary>
    public TrainerState? Restored { get; }

    /// <summary>The checkpoint this run was loaded from, or null.</summary>
    public CheckpointInfo? Checkpoint { get; }

    /// <summary>A fresh run at step 0: the model initialized from the seed.</summary>
    public static TrainingRun Start(RunSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var model = setup.CreateModel();
        return new TrainingRun(setup, model, setup.CreateOptimizer(model.Params.Length), Step.Zero, null, null, false);
    }

    /// <summary>
    /// The one way a checkpoint is loaded: reads and validates every file of <paramref name="checkpoint"/> (sizes and
    /// SHA-256 against its marker), compares its identity with <paramref name="setup"/>'s by <paramref name="rule"/>,
    /// then restores weights, optimizer state, RNG and step. Throws <see cref="RunInputException"/> (one line) for a
    /// corrupt, foreign or incompatible checkpoint; nothing is written.
    /// </summary>
    public static TrainingRun Load(RunSetup setup, CheckpointStore store, CheckpointInfo checkpoint, IdentityRule rule, Action<string>? warn = null) =>
        LoadCore(setup, store, checkpoint, rule, warn, history: false);

    /// <summary>
    /// Another checkpoint of the run this one was loaded from (same folder), with this run's setup and learning-rate
    /// timeline: how a replay by segments opens a later segment's start without rebuilding the data. Validates the
    /// checkpoint's files as <see cref="Load"/> does.
    /// </summary>
    /// <exception cref="InvalidOperationException">This run was not loaded from a checkpoint.</exception>
    /// <exception cref="RunInputException">The checkpoint is corrupt or of other data.</exception>
    public TrainingRun LoadSibling(CheckpointInfo checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (Checkpoint is null) throw new InvalidOperationException("a run started at step 0 has no checkpoint folder to load siblings from");
        var store = new CheckpointStore(Path.GetDirectoryName(Checkpoint.Path)!);
        return LoadCore(Setup, store, checkpoint, IdentityRule.SameData, null, history: false, timeline: LrTimeline);
    }

    /// <summary>This run's step 0: the seed's initialization (and <c>model.init_from</c>) of its setup, with its
    /// learning-rate timeline, exactly the state training started from (<see cref="Start"/> with the timeline of the
    /// run as it was trained, resumes included).</summary>
    public TrainingRun Initial()
    {
        var model = Setup.CreateModel();
        return new TrainingRun(Setup, model, Setup.CreateOptimizer(model.Params.Length), Step.Zero, null, null, false, LrTimeline);
    }

    /// <summary>
    /// A second run at this run's state (weights, optimizer state, RNG, step, learning-rate timeline, all copied), whose
    /// later updates apply <paramref name="exclusion"/> (null: none, an exact copy): the leave-one-out retraining of a
    /// window, or a kept segment start of a replay. Changing either run never changes the other.
    /// </summary>
    /// <exception cref="ArgumentException">The exclusion names a row outside the train split or ends past the plan.</exception>
    public TrainingRun Fork(RowExclusion? exclusion = null)
    {
        var setup = exclusion is null ? Setup : Setup.WithExclusion(exclusion);
        var model = setup.CreateModel();
        Model.Params.CopyTo(model.Params);
        if (Model.RngState is { } rng) model.RngState = (ulong[])rng.Clone();
        var optimizer = setup.CreateOptimizer(model.Params.Length);
        Optimizer.State.CopyTo(optimizer.State);
        optimizer.Steps = Optimizer.Steps;
        return new TrainingRun(setup, model, optimizer, Step, Restored, Checkpoint, exclusion is null && _exclusionUnknown, LrTimeline);
    }

    private static TrainingRun LoadCore(RunSetup setup, CheckpointStore store, CheckpointInfo checkpoint, IdentityRule rule, Action<string>? warn, bool history,
        LrTimeline? timeline = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(checkpoint);
        string name = Path.GetFileName(checkpoint.Path);
        IReadOnlyDictionary<string, byte[]> files;
        try { files = store.Load(checkpoint); }
        catch (CheckpointFormatException e) { throw new RunInputException($"{name}: {e.Message}", e); }
        var model = setup.CreateModel();
        var optimizer = setup.CreateOptimizer(model.Params.Length);
        TrainerState state;
        bool exclusionUnknown = false;
        try
        {
            // Identity first: a checkpoint of another config gets the config diff, not a tensor-shape error.
            var identity = CheckpointCodec.ReadState(files).Identity;
            var diffs = setup.Identity.DifferencesFrom(identity);
            if (rule == IdentityRule.SameData)
            {
                if (diffs.FirstOrDefault(d => d.StartsWith("data ", StringComparison.Ordinal)) is { } data)
                    throw new RunInputException($"{name}: the data changed since training: {data}");
                exclusionUnknown = identity.ExclusionDigest is not null && identity.ExclusionDigest != setup.Identity.ExclusionDigest;
            }
            else if (diffs.Count > 0)
            {
                string msg = $"{name} was written by a different config: {string.Join("; ", diffs)}";
                if (rule == IdentityRule.Refuse) throw new RunInputException(msg + "; refusing to resume (--force resumes anyway)");
                warn?.Invoke("warning: " + msg + "; resuming anyway (--force)");
            }
            state = CheckpointCodec.Restore(files, model, optimizer);
        }
        catch (Exception e) when (e is CheckpointFormatException or FormatException)
        {
            throw new RunInputException($"{name}: {e.Message}", e);
        }
        if (state.GlobalStep != checkpoint.Step)
            throw new RunInputException($"{name}: trainer_state.json says step {state.GlobalStep}, the folder is step {checkpoint.Step}");
        return new TrainingRun(setup, model, optimizer, new Step(state.GlobalStep), state, checkpoint, exclusionUnknown,
            timeline ?? (history ? LivedTimeline(store, state, warn) : null));
    }

    /// <summary>
    /// Opens a run from its files alone: <paramref name="path"/> is a <c>checkpoint_step_N</c> folder, or a run folder
    /// (then the checkpoint at <paramref name="step"/>, or the newest valid one). The checkpoint's own config.yaml
    /// rebuilds the data, plan and model; data that changed since training is refused.
    /// </summary>
    public static TrainingRun Open(string path, Step? step = null, Action<string>? warn = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path.TrimEnd('/'));
        if (!Directory.Exists(full)) throw new RunInputException($"{path}: no such checkpoint or run folder");
        CheckpointStore store;
        CheckpointInfo info;
        if (CheckpointStore.TryParseFolderName(Path.GetFileName(full), out long own))
        {
            if (step is { } s && s.Value != own) throw new RunInputException($"{path} is the checkpoint at step {own}, not {s.Value}");
            store = new CheckpointStore(Path.GetDirectoryName(full)!);
            var valid = store.Validate(full);
            if (!valid.IsValid) throw new RunInputException($"{Path.GetFileName(full)} is corrupt: {valid.Reason}");
            info = new CheckpointInfo(own, full, false);
        }
        else
        {
            store = new CheckpointStore(full);
            var all = store.List();
            if (all.Count == 0) throw new RunInputException($"{path}: no checkpoint_step_N folder in it (not a run folder, or a run that saved none)");
            if (step is { } s)
            {
                info = store.FindValid(s.Value, line => warn?.Invoke(line))
                    ?? throw new RunInputException($"{path}: no valid checkpoint at step {s.Value}; checkpoints there: {string.Join(", ", all.Select(c => c.Step))}");
            }
            else
            {
                info = store.FindNewestValid(line => warn?.Invoke(line)) ?? throw new RunInputException($"{path}: no valid checkpoint in it");
            }
        }
        string config = Path.Combine(info.Path, CheckpointCodec.ConfigFile);
        if (!File.Exists(config)) throw new RunInputException($"{Path.GetFileName(info.Path)}: config.yaml missing");
        var (setup, errors) = RunSetup.FromYaml(File.ReadAllText(config), $"{Path.GetFileName(info.Path)}/config.yaml", info.Path);
        if (setup is null) throw new RunInputException($"{Path.GetFileName(info.Path)}/config.yaml: {string.Join("; ", errors)}");
        return LoadCore(setup, store, info, IdentityRule.SameData, warn, history: true);
    }

    /// <summary>
    /// The learning rates the run applied after <paramref name="state"/>'s step, for a replay: a later resume with
    /// another duration changed the schedule from its step on, which only later checkpoints record. The newest valid
    /// checkpoint of the folder holds the run's history; it is used when it continues this checkpoint's (else this
    /// checkpoint's own schedule, with a warning: the folder's newest checkpoint comes from another history).
    /// </summary>
    private static LrTimeline LivedTimeline(CheckpointStore store, TrainerState state, Action<string>? warn)
    {
        var own = state.LrTimeline;
        var newest = store.FindNewestValid(_ => { });
        if (newest is null || newest.Step <= state.GlobalStep) return own;
        TrainerState later;
        try { later = CheckpointCodec.ReadState(store.Load(newest)); }
        catch (Exception e) when (e is CheckpointFormatException or FormatException) { return own; }
        var prefix = later.LrTimeline.Segments.Where(s => s.From <= state.GlobalStep).ToList();
        bool continues = prefix.Count == own.Segments.Count && prefix.Zip(own.Segments).All(p => p.First.From == p.Second.From && p.First.Schedule == p.Second.Schedule);
        if (continues) return later.LrTimeline;
        warn?.Invoke($"{CheckpointStore.FolderName(newest.Step)} does not continue {CheckpointStore.FolderName(state.GlobalStep)}'s learning-rate schedule (another resume history); replaying with the latter's");
        return own;
    }

    /// <summary>Performs update <see cref="Step"/> (state t → t+1) as the trainer does, calling <paramref name="hooks"/>
    /// after it; returns its loss.</summary>
    /// <exception cref="InvalidOperationException">The run is at its plan's final step, or it was trained with a row
    /// exclusion that <see cref="Setup"/> does not carry (replaying it would not reproduce it).</exception>
    public double Update(IReadOnlyList<IUpdateHook>? hooks = null)
    {
        if (Step.Value >= Setup.TotalSteps) throw new InvalidOperationException($"the run is at its final step {Setup.TotalSteps}");
        if (_exclusionUnknown) throw new InvalidOperationException("this checkpoint was trained with a row exclusion; open it with that exclusion (RunSetup.WithExclusion) to replay it");
        double loss = Runner.Run(Step, hooks);
        Step += new StepCount(1);
        return loss;
    }

    /// <summary>Performs updates until the state is <paramref name="target"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The target is behind the current step or past the plan.</exception>
    public void ReplayTo(Step target, IReadOnlyList<IUpdateHook>? hooks = null)
    {
        if (target < Step || target.Value > Setup.TotalSteps)
            throw new ArgumentOutOfRangeException(nameof(target), target.Value, $"must be within {Step.Value}..{Setup.TotalSteps}");
        while (Step < target) Update(hooks);
    }

    /// <summary>Evaluates split <paramref name="split"/> (data loss and accuracy) at the current state.</summary>
    /// <exception cref="RunInputException">The data has no such split (the message lists those it has).</exception>
    public EvalMetrics Evaluate(string split)
    {
        if (!Model.Splits.Contains(split))
        {
            string? guess = Configuration.DidYouMean.Suggest(split, Model.Splits);
            throw new RunInputException($"--splits {split}: no such split{(guess is null ? "" : $"; did you mean '{guess}'?")} (the data has: {string.Join(", ", Model.Splits)})");
        }
        return Model.Evaluate(split, Setup.EvalBatch);
    }
}
