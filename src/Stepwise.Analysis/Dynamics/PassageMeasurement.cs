namespace Stepwise.Analysis.Dynamics;

/// <summary>
/// What one scheduled epoch measured of one passage (results.json's per-passage record; docs/dynamics.md).
/// </summary>
/// <param name="Index">The passage's position in its source.</param>
/// <param name="Trained">Trained on, or novel.</param>
/// <param name="Tokens">n, its tokens.</param>
/// <param name="Accuracy">Seed 002's rule: greedy continuation of the first ⌊n/3⌋ tokens, the share of the other
/// n − ⌊n/3⌋ reproduced position by position.</param>
/// <param name="Memorized">Accuracy ≥ the threshold (0.6).</param>
/// <param name="PrefixAccuracy">The same share over the first 5, 10 and 20 target tokens.</param>
/// <param name="AccuracyFixed">The fixed-length rule (Pythia's k-extractable): prompt tokens 0..P−1, the share of the
/// next T reproduced.</param>
/// <param name="Exact">All T reproduced (T-extractable).</param>
/// <param name="Loss">Mean next-token loss over its n − 1 targets (nats), in evaluation mode.</param>
/// <param name="Perplexity">exp(<paramref name="Loss"/>).</param>
/// <param name="Compression">Mean absolute score per layer transition ℓ → ℓ+1 over its tokens.</param>
/// <param name="CompressionScaleFree">Mean scale-free score per transition over its tokens.</param>
public sealed record PassageMeasurement(int Index, bool Trained, int Tokens, double Accuracy, bool Memorized, IReadOnlyList<double> PrefixAccuracy,
    double AccuracyFixed, bool Exact, double Loss, double Perplexity, IReadOnlyList<double> Compression, IReadOnlyList<double> CompressionScaleFree);
