using Stepwise.Engine;

namespace Stepwise.Training.Inference;

/// <summary>Continues a prompt with a sequence checkpoint: greedy at temperature 0 (the default), else seeded sampling
/// (softmax(logits / T) over the top k), the engine's KV-cached decoder; text in and out through the run's vocabulary.</summary>
public static class TextGenerator
{
    /// <summary>The <paramref name="tokens"/> tokens that follow <paramref name="prompt"/>, decoded. Throws
    /// <see cref="RunInputException"/> (one line) for a prompt the vocabulary cannot encode or bad settings.</summary>
    public static string Generate(CheckpointModel model, string prompt, int tokens, double temperature = 0, int topK = 0, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompt);
        var gpt = model.RequireGpt("generate");
        var vocab = model.Signature.Vocabulary!;
        if (prompt.Length == 0) throw new RunInputException("--prompt: give at least one character to continue");
        if (tokens < 0) throw new RunInputException($"--tokens = {tokens}: must be ≥ 0");
        if (!(temperature >= 0) || double.IsInfinity(temperature)) throw new RunInputException($"--temperature = {temperature}: must be a finite number ≥ 0 (0: greedy)");
        if (topK < 0 || topK > vocab.Size) throw new RunInputException($"--top-k = {topK}: allowed 0..{vocab.Size} (0: every token)");
        var encoded = vocab.TryEncode(prompt);
        if (!encoded.TryGetValue(out int[]? ids)) throw new RunInputException($"--prompt: {encoded.Error}");
        int[] next = gpt.Generate(ids, tokens, temperature, topK, temperature > 0 ? new Rng(seed) : null);
        return vocab.Decode(next);
    }
}
