using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Stepwise.Config;
using Stepwise.Configuration;
using Stepwise.Engine.Models;
using Stepwise.Training;
using Stepwise.Training.Checkpoints;
using Stepwise.Training.Loop;
using Stepwise.Training.Runs;
using Stepwise.Training.Setup;

namespace Stepwise.Analysis.Dynamics;

/// <summary>
/// Seed 002's experiment as one continuous training run (docs/dynamics.md). <see cref="Prepare"/> validates the config
/// and selects the passages (nothing written); <see cref="Run"/> pretrains when <c>dynamics.pretrain</c> asks, writes
/// the training passages (<c>passages.txt</c>, one blank-line separated passage each, so that each is one training
/// sequence), derives the training config — data from that file, <c>duration.epochs</c> = the last scheduled epoch,
/// <c>checkpoints.at</c> and <c>eval.at</c> = the scheduled epochs, AdamW with linear warm-up and decay by default — and
/// trains it with the ordinary trainer and a <see cref="MeasurementHook"/>, rewriting results.json,
/// training_summary.csv and summary_report.txt after every scheduled epoch.
/// </summary>
public sealed class DynamicsExperiment
{
    /// <summary>The training passages file in the run folder.</summary>
    public const string PassagesFile = "passages.txt";

    private static readonly string[] Reserved = ["duration.", "checkpoints.", "eval.", "stages", "influence.", "data.source", "data.path", "data.split", "data.splits", "data.n", "model.kind"];

    private readonly ConfigNode _root;
    private readonly string _baseDirectory;

    private DynamicsExperiment(ConfigNode root, string baseDirectory, ConfigValues values, DynamicsSettings settings, PassageSelection passages,
        (string, string) text, (string, string)? novel, int context)
    {
        _root = root;
        _baseDirectory = baseDirectory;
        Values = values;
        Settings = settings;
        Passages = passages;
        Text = text;
        NovelText = novel;
        Context = context;
    }

    /// <summary>The bound config.</summary>
    public ConfigValues Values { get; }
    /// <summary>The dynamics settings.</summary>
    public DynamicsSettings Settings { get; }
    /// <summary>The passages.</summary>
    public PassageSelection Passages { get; }
    /// <summary>The passage text's name and SHA-256.</summary>
    public (string Name, string Sha256) Text { get; }
    /// <summary>The novel text's, or null.</summary>
    public (string Name, string Sha256)? NovelText { get; }
    /// <summary>data.context (tokens per training sequence, minus one).</summary>
    public int Context { get; }

    /// <summary>The training passages file's text: the passages, each cut to context + 1 tokens, separated by blank lines.</summary>
    public string PassagesText => string.Join("\n\n", Passages.Trained.Select(p => p.Text)) + "\n";

    /// <summary>
    /// Binds <paramref name="root"/> (relative paths against <paramref name="baseDirectory"/>), reads the dynamics
    /// section and the texts, and selects the passages; returns the experiment or every problem found, one line each.
    /// Writes nothing.
    /// </summary>
    public static (DynamicsExperiment? Experiment, IReadOnlyList<string> Errors) Prepare(ConfigNode root, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(root);
        var (values, bindErrors) = ConfigBinder.Bind(root, RunSchema.Run);
        if (bindErrors.Count > 0) return (null, bindErrors.Select(e => e.ToString()).ToList());
        var errors = new List<string>();
        foreach (string path in values.Paths.Where(p => values.IsGiven(p) || values.Has(p)).Order(StringComparer.Ordinal))
        {
            if (Reserved.Any(r => r.EndsWith('.') ? path.StartsWith(r, StringComparison.Ordinal) : path == r) && !(path == "model.kind" && values.Word(path) == "tiny_gpt")
                && !(path == "eval.batch_size"))
            {
                errors.Add($"{values.Key(path)}: stepwise dynamics sets it (the data are the passages, the duration and the checkpoint and evaluation steps come from dynamics.epoch_schedule); remove it");
            }
        }
        if (values.Word("data.vocabulary") is { } vocab && vocab != "bytes") errors.Add($"{values.Key("data.vocabulary")} = {vocab}: stepwise dynamics uses the bytes vocabulary (a pretrained model's and every text's); allowed: bytes");
        var (settings, settingErrors) = DynamicsSettings.Read(values, baseDirectory);
        errors.AddRange(settingErrors.Select(e => e.ToString()));
        long contextValue = values.Count("data.context") ?? 128;
        if (contextValue > 65536) errors.Add($"{values.Key("data.context")} = {contextValue}: is too large; allowed: ≤ 65536");
        int context = (int)Math.Min(contextValue, 65536);
        if (settings is not null && settings.MinTokens > context + 1)
            errors.Add($"dynamics.prompt_tokens + dynamics.target_tokens = {settings.MinTokens}: more than context + 1 = {context + 1} tokens, the longest training sequence; lower them or raise data.context");
        if (errors.Count > 0 || settings is null) return (null, errors);

        var text = ReadText(settings.TextPath, "dynamics.text");
        if (!text.TryGetValue(out var main)) return (null, [text.Error!]);
        (string Name, string Sha, string Body)? novel = null;
        if (settings.NovelTextPath is not null)
        {
            var n = ReadText(settings.NovelTextPath, "dynamics.novel_text");
            if (!n.TryGetValue(out var nv)) return (null, [n.Error!]);
            novel = nv;
        }
        var selected = PassageSelection.Select(main.Body, main.Name, novel?.Body, novel?.Name, settings.NumPassages, context + 1, settings.MinTokens);
        if (!selected.TryGetValue(out var passages)) return (null, [selected.Error!]);
        return (new DynamicsExperiment(root, baseDirectory, values, settings, passages, (main.Name, main.Sha), novel is { } x ? (x.Name, x.Sha) : null, context), []);
    }

    private static ParseResult<(string Name, string Sha, string Body)> ReadText(string? path, string key)
    {
        if (path is null)
        {
            string body = BundledText.Read();
            return ParseResult<(string, string, string)>.Ok((BundledText.Name, Sha(Encoding.UTF8.GetBytes(body)), body));
        }
        if (!File.Exists(path)) return ParseResult<(string, string, string)>.Fail($"{key} = {path}: no such file; give a UTF-8 text whose passages are separated by blank lines");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ParseResult<(string, string, string)>.Fail($"{key} = {path}: cannot read it: {e.Message}"); }
        if (bytes.Length > 512L * 1024 * 1024) return ParseResult<(string, string, string)>.Fail($"{key} = {path}: {bytes.Length} bytes; allowed: at most 512 MiB");
        string text;
        try { text = new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException) { return ParseResult<(string, string, string)>.Fail($"{key} = {path}: not valid UTF-8; give a UTF-8 text"); }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        return ParseResult<(string, string, string)>.Ok((Path.GetFileName(path), Sha(bytes), text.Replace("\r\n", "\n", StringComparison.Ordinal)));
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// Runs the experiment into <see cref="DynamicsRequest.RunDirectory"/>. Throws <see cref="RunInputException"/> for
    /// a request that cannot start (a folder that holds a run without --resume or --overwrite, passages that changed
    /// since the run started, an invalid training config: nothing of the experiment is written then; its message may
    /// hold several lines), <see cref="CheckpointWriteException"/> or <see cref="IOException"/> for write faults.
    /// </summary>
    public DynamicsOutcome Run(DynamicsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string dir = Path.GetFullPath(request.RunDirectory);
        if (request.Resume.Kind == ResumeKind.None && !request.Overwrite && RunFolder.Describe(dir) is { } held)
            throw new RunInputException($"{request.RunDirectory} already holds {held}; continue it with --resume auto, or replace it with --overwrite");
        string? initFrom = Values.Word("model.init_from") is { } given ? Path.GetFullPath(Path.Combine(_baseDirectory, given)) : null;
        if (Settings.PretrainConfig is { } pretrainConfig)
        {
            var (outcome, checkpoint) = Pretrain(pretrainConfig, Settings.PretrainOut ?? Path.Combine(dir, "pretrain"), request);
            if (outcome is not null) return outcome;
            initFrom = checkpoint;
        }

        string passagesPath = Path.Combine(dir, PassagesFile);
        bool created = !Directory.Exists(dir);
        string passages = PassagesText;
        if (request.Resume.Kind != ResumeKind.None && File.Exists(passagesPath) && File.ReadAllText(passagesPath) != passages)
            throw new RunInputException($"{PassagesFile} in {request.RunDirectory} differs from the passages this config selects (another text, num_passages or data.context); start a new run (--out elsewhere or --overwrite)");
        bool wrotePassages = !File.Exists(passagesPath) || File.ReadAllText(passagesPath) != passages;
        Directory.CreateDirectory(dir);
        if (wrotePassages) RunFiles.WriteAtomic(passagesPath, passages);
        RunSetup setup;
        try
        {
            setup = CreateSetup(passagesPath, initFrom);
        }
        catch (RunInputException)
        {
            if (wrotePassages) File.Delete(passagesPath);
            if (created && !Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
            throw;
        }

        var plan = setup.Plan;
        var schedule = Settings.Schedule.Select(e => (e, plan.Epochs.End(e).Value)).ToList();
        var info = Info(setup, schedule.Select(s => s.Item2).ToList(), initFrom);
        var model = setup.Config.Model;
        var measurer = new EpochMeasurer(new TinyGptConfig(256, Context, model.Layers, model.Heads, model.Width, model.Dropout, model.TieWeights), Passages, Settings);
        string key = Settings.MeasurementKey();
        void Measured(EpochMeasurement m, double seconds)
        {
            var report = WriteOutputs(dir, info, schedule, key);
            var s = report?.Summaries.FirstOrDefault(x => x.Epoch == m.Epoch);
            if (s is not null && request.Observer is { } o)
            {
                o.Message(string.Create(CultureInfo.InvariantCulture,
                    $"dynamics: epoch {m.Epoch} (step {m.Step}/{setup.TotalSteps}): memorized {s.NumMemorized}/{Passages.Trained.Count} ({s.MemorizationRate:P1}), exact {s.NumExact}, novel {s.NovelMemorized}/{Passages.Novel.Count}; loss {s.TrainingLoss:F4} trained / {s.NovelLoss:F4} novel (measured in {seconds:F1} s)"));
            }
        }
        if (request.Resume.Kind == ResumeKind.None) RemoveOutputs(dir);
        var hook = new MeasurementHook(dir, measurer, schedule, key, Settings.SaveHiddenStates, Measured);
        var trainer = new Trainer(setup, Options(request, dir, [hook]));
        var result = trainer.Run();
        var final = WriteOutputs(dir, info, schedule, key);
        if (result != TrainOutcome.Stopped && final is not null && final.Epochs.Count < schedule.Count)
        {
            var missing = schedule.Where(s => final.Epochs.All(e => e.Epoch != s.Item1)).Select(s => s.Item1.ToString(CultureInfo.InvariantCulture));
            request.Observer?.Message($"warning: epochs {string.Join(", ", missing)} have no measurement in {EpochRecordFile.Folder}/ (deleted?); start again with --overwrite to measure them");
        }
        return new DynamicsOutcome(result, "dynamics", trainer.FinalStep, setup.TotalSteps, final);
    }

    /// <summary>Removes the experiment's outputs of an earlier run (a fresh start with --overwrite).</summary>
    private static void RemoveOutputs(string dir)
    {
        foreach (string f in new[] { ResultsJson.FileName, TrainingSummaryCsv.FileName, SummaryReport.FileName }) File.Delete(Path.Combine(dir, f));
        foreach (string d in new[] { EpochRecordFile.Folder, HiddenStatesFile.Folder })
        {
            if (Directory.Exists(Path.Combine(dir, d))) Directory.Delete(Path.Combine(dir, d), recursive: true);
        }
    }

    private TrainerOptions Options(DynamicsRequest q, string dir, IReadOnlyList<IUpdateHook> hooks) => new()
    {
        RunDirectory = dir,
        Resume = q.Resume,
        Force = q.Force,
        Overwrite = q.Overwrite,
        WaitLock = q.WaitLock,
        TimeLimit = q.TimeLimit,
        TimeLimitOrigin = q.TimeLimitOrigin,
        Stop = q.Stop,
        Observer = q.Observer,
        Threads = q.Threads,
        Faults = q.Faults,
        Hooks = hooks,
    };

    /// <summary>Trains the pretraining config into <paramref name="outDir"/> (continuing a stopped one, reusing a
    /// completed one); returns a stop outcome, or the final checkpoint to start from.</summary>
    private (DynamicsOutcome? Stopped, string Checkpoint) Pretrain(string config, string outDir, DynamicsRequest q)
    {
        var read = YamlConfigReader.ReadFile(config);
        if (!read.TryGetValue(out var node)) throw new RunInputException($"dynamics.pretrain: {read.Error}");
        var (setup, errors) = RunSetup.Create(node, Path.GetDirectoryName(config)!);
        if (setup is null) throw new RunInputException(string.Join("\n", errors.Select(e => $"dynamics.pretrain {Path.GetFileName(config)}: {e}")));
        q.Observer?.Message($"pretraining {Path.GetFileName(config)} into {outDir} (as stepwise train {config} --out {outDir} --resume auto)");
        var trainer = new Trainer(setup, Options(q, outDir, []) with { Resume = ResumeMode.Auto, Overwrite = false, Force = false });
        var outcome = trainer.Run();
        if (outcome == TrainOutcome.Stopped) return (new DynamicsOutcome(outcome, "pretrain", trainer.FinalStep, setup.TotalSteps, null), "");
        string checkpoint = Path.Combine(Path.GetFullPath(outDir), CheckpointStore.FolderName(setup.TotalSteps));
        if (!Directory.Exists(checkpoint))
            throw new RunInputException($"dynamics.pretrain: {outDir} has no checkpoint at its final step {setup.TotalSteps} (keep checkpoints.save_final: true)");
        return (null, checkpoint);
    }

    /// <summary>The training setup: the user's config with the data, duration, checkpoint and evaluation keys the
    /// experiment sets, and its defaults for the optimizer and schedule.</summary>
    private RunSetup CreateSetup(string passagesPath, string? initFrom)
    {
        var root = _root;
        void Set(string path, string yaml)
        {
            var value = YamlConfigReader.ReadValue(yaml);
            if (!value.TryGetValue(out var v)) throw new InvalidOperationException($"derived value {path} = {yaml}: {value.Error}");
            var applied = ConfigOverrides.Apply(root, path, v, RunSchema.Run);
            if (!applied.TryGetValue(out root)) throw new RunInputException($"{path}: {applied.Error}");
        }
        string epochs = "[" + string.Join(", ", Settings.Schedule.Select(e => e.ToString(CultureInfo.InvariantCulture) + "ep")) + "]";
        Set("data.source", "text");
        Set("data.path", Quote(passagesPath));
        Set("data.vocabulary", "bytes");
        Set("data.split", "blank_line");
        Set("data.context", Context.ToString(CultureInfo.InvariantCulture));
        Set("model.kind", "tiny_gpt");
        Set("duration.epochs", Settings.Schedule[^1].ToString(CultureInfo.InvariantCulture));
        Set("checkpoints.at", epochs);
        Set("eval.at", epochs);
        if (!Settings.SaveCheckpoints) Set("checkpoints.keep_last", "1");
        if (!Values.Has("batch.size")) Set("batch.size", "4");
        if (!Values.Has("optimizer.kind")) Set("optimizer.kind", "adamw");
        if (!Values.Has("optimizer.lr")) Set("optimizer.lr", "0.0005");
        if (!Values.Has("lr_schedule.kind")) Set("lr_schedule.kind", "linear");
        if (initFrom is not null) Set("model.init_from", Quote(initFrom));
        var (setup, errors) = RunSetup.Create(root, _baseDirectory);
        if (setup is null) throw new RunInputException(string.Join("\n", errors.Select(e => e.ToString())));
        if (!Values.Has("lr_schedule.warmup_steps") && !Values.Has("lr_schedule.warmup_ratio"))
        {
            // seed 002's 100 warm-up updates, or the whole run when it is shorter
            Set("lr_schedule.warmup_steps", Math.Min(100, setup.TotalSteps).ToString(CultureInfo.InvariantCulture));
            (setup, errors) = RunSetup.Create(root, _baseDirectory);
            if (setup is null) throw new RunInputException(string.Join("\n", errors.Select(e => e.ToString())));
        }
        var train = setup.Data.Sequences!["train"];
        if (train.Count != Passages.Trained.Count) throw new InvalidOperationException($"{PassagesFile} gave {train.Count} training sequences, expected {Passages.Trained.Count}");
        for (int i = 0; i < train.Count; i++)
        {
            var want = Passages.Trained[i].Tokens;
            var inputs = train.Inputs.AsSpan(i * train.Context, train.Context);
            var targets = train.Targets.AsSpan(i * train.Context, train.Context);
            bool same = inputs[0] == want[0];
            for (int t = 0; t < train.Context && same; t++)
            {
                int next = t + 1 < want.Length ? want[t + 1] : -1;
                same = targets[t] == next && (t >= want.Length || inputs[t] == want[t]);
            }
            if (!same) throw new InvalidOperationException($"training sequence {i} does not hold passage {Passages.Trained[i].Index}'s tokens");
        }
        return setup;
    }

    private static string Quote(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";

    private ExperimentInfo Info(RunSetup setup, IReadOnlyList<long> steps, string? initFrom)
    {
        var m = setup.Config.Model;
        var o = setup.Config.Optimizer;
        return new ExperimentInfo
        {
            Text = Text,
            NovelText = NovelText,
            Settings = Settings,
            Steps = steps,
            StepsPerEpoch = setup.Plan.StepsPerEpoch,
            TotalSteps = setup.TotalSteps,
            BatchSize = setup.Geometry.BatchSize,
            Optimizer = (o.Kind, o.Lr, o.WeightDecay),
            LrSchedule = (setup.LrSchedule.Kind.ToString().ToLowerInvariant(), setup.LrSchedule.WarmupSteps.Value),
            Model = (m.Layers, m.Heads, m.Width, Context, 256),
            InitFrom = initFrom is null ? null : Path.GetFileName(Path.GetDirectoryName(initFrom)) + "/" + Path.GetFileName(initFrom),
            Seed = setup.Config.Seed,
            Passages = Passages,
        };
    }

    /// <summary>Rebuilds results.json, training_summary.csv and summary_report.txt from the epoch records in schedule
    /// order (up to the first one missing); returns the report, or null when no epoch is measured yet.</summary>
    private static DynamicsReport? WriteOutputs(string dir, ExperimentInfo info, IReadOnlyList<(long Epoch, long Step)> schedule, string key)
    {
        var records = new List<EpochMeasurement>();
        foreach (var (epoch, _) in schedule)
        {
            if (EpochRecordFile.Read(dir, epoch, key) is not { } m) break;
            records.Add(m);
        }
        if (records.Count == 0) return null;
        var report = DynamicsAnalysis.Analyze(records);
        WriteAtomic(Path.Combine(dir, ResultsJson.FileName), ResultsJson.Write(info, report));
        RunFiles.WriteAtomic(Path.Combine(dir, TrainingSummaryCsv.FileName), TrainingSummaryCsv.Write(report));
        RunFiles.WriteAtomic(Path.Combine(dir, SummaryReport.FileName), SummaryReport.Write(info, report));
        return report;
    }

    private static void WriteAtomic(string path, byte[] bytes)
    {
        string tmp = path + ".tmp";
        File.WriteAllBytes(tmp, bytes);
        File.Move(tmp, path, overwrite: true);
    }
}
