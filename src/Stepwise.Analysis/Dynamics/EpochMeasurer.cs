using Stepwise.Engine.Kernels;
using Stepwise.Engine.Models;

namespace Stepwise.Analysis.Dynamics;

/// <summary>
/// Measures every passage at one state of the model (docs/dynamics.md): loss and perplexity and the hidden states from
/// evaluation-mode forward passes of each passage's first min(n, context) tokens; seed 002's and the fixed-length
/// memorization rules by greedy decoding, passages spread over <see cref="EngineThreads.Count"/> copies of the model
/// (each passage's result is a function of the weights and its tokens alone); compression per layer transition over all
/// tokens pooled. The result depends only on the weights, never on the thread count.
/// </summary>
public sealed class EpochMeasurer
{
    private const int Batch = 16;
    private readonly TinyGptConfig _config;
    private readonly IReadOnlyList<Passage> _passages;
    private readonly DynamicsSettings _settings;
    private readonly TinyGpt<float>[] _models;

    /// <summary>A measurer for models of <paramref name="config"/> over <paramref name="passages"/>.</summary>
    /// <exception cref="ArgumentException">A passage is longer than context + 1 or shorter than the rules need, or
    /// k is not below the total token count.</exception>
    public EpochMeasurer(TinyGptConfig config, PassageSelection passages, DynamicsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(passages);
        ArgumentNullException.ThrowIfNull(settings);
        _config = config;
        _passages = passages.All.ToList();
        _settings = settings;
        foreach (var p in _passages)
        {
            if (p.Length > config.Context + 1) throw new ArgumentException($"passage {p.Index} has {p.Length} tokens, more than context + 1 = {config.Context + 1}", nameof(passages));
            if (p.Length < settings.MinTokens) throw new ArgumentException($"passage {p.Index} has {p.Length} tokens, fewer than {settings.MinTokens}", nameof(passages));
            if (p.Tokens.Any(t => t < 0 || t >= config.Vocab)) throw new ArgumentException($"passage {p.Index} has a token outside 0..{config.Vocab - 1}", nameof(passages));
        }
        long tokens = _passages.Sum(p => (long)Math.Min(p.Length, config.Context));
        if (settings.K >= tokens) throw new ArgumentException($"k = {settings.K} must be below the {tokens} tokens measured", nameof(settings));
        _models = new TinyGpt<float>[Math.Max(1, Math.Min(EngineThreads.Count, _passages.Count))];
        for (int i = 0; i < _models.Length; i++) _models[i] = new TinyGpt<float>(config) { Training = false };
    }

    /// <summary>Tokens whose states are measured: Σ min(n, context).</summary>
    public int TokenCount => _passages.Sum(p => Math.Min(p.Length, _config.Context));

    /// <summary>Measures the model with <paramref name="parameters"/> (its flat buffer) as the state of scheduled epoch
    /// <paramref name="epoch"/> (plan step <paramref name="step"/>); <paramref name="hidden"/>, when given, receives the
    /// hidden states before compression is computed.</summary>
    public EpochMeasurement Measure(ReadOnlySpan<float> parameters, long epoch, long step, string timestamp, Action<LayerStates>? hidden = null)
    {
        foreach (var m in _models)
        {
            if (parameters.Length != m.Params.Length) throw new ArgumentException($"parameters has {parameters.Length} values, the model {m.Params.Length}", nameof(parameters));
            parameters.CopyTo(m.Params);
        }
        var (losses, states) = Forward();
        hidden?.Invoke(states);
        var (accuracy, prefix, fixedAccuracy) = Reproduce();
        var (absolute, scaleFree) = CompressionByPassage(states);
        var results = new PassageMeasurement[_passages.Count];
        for (int i = 0; i < results.Length; i++)
        {
            var p = _passages[i];
            results[i] = new PassageMeasurement(p.Index, p.Trained, p.Length, accuracy[i], accuracy[i] >= _settings.MemorizedThreshold, prefix[i],
                fixedAccuracy[i], fixedAccuracy[i] == 1, losses[i], Math.Exp(losses[i]), absolute[i], scaleFree[i]);
        }
        return new EpochMeasurement(epoch, step, results, timestamp);
    }

    /// <summary>Evaluation-mode forward passes in batches of 16 passages: each passage's mean loss over its n − 1
    /// targets and the hidden states of its first min(n, context) tokens.</summary>
    private (double[] Losses, LayerStates States) Forward()
    {
        var gpt = _models[0];
        int c = _config.Context, width = _config.Channels, layers = gpt.HiddenStateCount;
        int tokens = TokenCount;
        var states = new float[layers][];
        for (int l = 0; l < layers; l++) states[l] = new float[checked(tokens * width)];
        var passageOf = new int[tokens];
        var losses = new double[_passages.Count];
        var inputs = new int[Batch * c];
        var targets = new int[Batch * c];
        int offset = 0;
        for (int start = 0; start < _passages.Count; start += Batch)
        {
            int b = Math.Min(Batch, _passages.Count - start);
            Array.Clear(inputs);
            Array.Fill(targets, -1);
            for (int r = 0; r < b; r++)
            {
                int[] t = _passages[start + r].Tokens;
                int inputsUsed = Math.Min(t.Length, c);
                t.AsSpan(0, inputsUsed).CopyTo(inputs.AsSpan(r * c));
                for (int i = 0; i + 1 < t.Length && i < inputsUsed; i++) targets[r * c + i] = t[i + 1];
            }
            gpt.Forward(inputs.AsSpan(0, b * c), targets.AsSpan(0, b * c), b, c);
            var sample = gpt.SampleLosses;
            for (int r = 0; r < b; r++) losses[start + r] = sample[r];
            for (int r = 0; r < b; r++)
            {
                int used = Math.Min(_passages[start + r].Length, c);
                for (int l = 0; l < layers; l++)
                {
                    gpt.HiddenState(l).Slice(r * c * width, used * width).CopyTo(states[l].AsSpan(offset * width));
                }
                passageOf.AsSpan(offset, used).Fill(start + r);
                offset += used;
            }
        }
        var trained = _passages.Select(p => p.Trained ? (byte)1 : (byte)0).ToArray();
        var source = _passages.Select(p => p.Index).ToArray();
        return (losses, new LayerStates(states, width, passageOf, trained, source));
    }

    /// <summary>Both memorization rules for every passage, the passages split into contiguous runs, one per model copy
    /// and thread.</summary>
    private (double[] Accuracy, double[][] Prefix, double[] Fixed) Reproduce()
    {
        int n = _passages.Count;
        var accuracy = new double[n];
        var prefix = new double[n][];
        var fixedAccuracy = new double[n];
        int workers = _models.Length;
        void Run(int w)
        {
            var gpt = _models[w];
            for (int i = (int)((long)n * w / workers); i < (int)((long)n * (w + 1) / workers); i++)
            {
                var tokens = _passages[i].Tokens;
                (accuracy[i], prefix[i]) = Memorization.SeedRule(gpt, tokens, DynamicsSettings.PrefixLengths);
                (fixedAccuracy[i], _) = Memorization.FixedRule(gpt, tokens, _settings.PromptTokens, _settings.TargetTokens);
            }
        }
        if (workers == 1) Run(0);
        else Task.WaitAll(Enumerable.Range(0, workers).Select(w => Task.Factory.StartNew(() => Run(w), TaskCreationOptions.LongRunning)).ToArray());
        return (accuracy, prefix, fixedAccuracy);
    }

    /// <summary>Per passage and transition ℓ → ℓ+1, the mean absolute and scale-free scores over its tokens.</summary>
    private (double[][] Absolute, double[][] ScaleFree) CompressionByPassage(LayerStates states)
    {
        int tokens = states.Tokens, width = states.Width, transitions = states.Layers.Count - 1, n = _passages.Count;
        var absolute = new double[n][];
        var scaleFree = new double[n][];
        for (int i = 0; i < n; i++)
        {
            absolute[i] = new double[transitions];
            scaleFree[i] = new double[transitions];
        }
        var counts = new int[n];
        foreach (int p in states.Passage) counts[p]++;
        var here = new double[tokens];
        var next = new double[tokens];
        for (int l = 0; l < transitions; l++)
        {
            Compression.Spreads(states.Layers[l], states.Layers[l + 1], tokens, width, _settings.K, here, next);
            for (int t = 0; t < tokens; t++)
            {
                int p = states.Passage[t];
                absolute[p][l] += Compression.Absolute(next[t]);
                scaleFree[p][l] += Compression.ScaleFree(here[t], next[t]);
            }
            for (int i = 0; i < n; i++)
            {
                absolute[i][l] /= counts[i];
                scaleFree[i][l] /= counts[i];
            }
        }
        return (absolute, scaleFree);
    }
}
