namespace Stepwise.Planning;

/// <summary>
/// Converts a <see cref="TimeValue"/> to a whole number of steps in the context of a plan. Rounding, by unit:
/// steps exact; epochs ceil(e·U); samples ceil(n / (b·G·W)); tokens ceil(n / (b·G·W·seq_len)); dur ceil(f·T)
/// (as Hugging Face rounds ratios); seconds floor(s / step_time) (a budget is never exceeded).
/// </summary>
public sealed record StepConverter(EpochGeometry? Geometry, long? TotalSteps = null, decimal? StepSeconds = null, long? SeqLen = null)
{
    /// <summary>The number of steps, or a message saying what the conversion needs.</summary>
    public ParseResult<long> ToSteps(TimeValue value)
    {
        decimal a = value.Amount;
        try
        {
            switch (value.Unit)
            {
                case TimeUnit.Steps:
                    return ParseResult<long>.Ok((long)a);
                case TimeUnit.Epochs:
                    if (Geometry is null) return ParseResult<long>.Fail("epochs need the epoch geometry (data and batch sections)");
                    return Whole(decimal.Ceiling(a * Geometry.UpdatesPerEpoch));
                case TimeUnit.Samples:
                    if (Geometry is null) return ParseResult<long>.Fail("samples need the batch geometry (batch section)");
                    return ParseResult<long>.Ok(EpochGeometry.CeilDiv((long)a, Geometry.SamplesPerStep));
                case TimeUnit.Tokens:
                    if (Geometry is null) return ParseResult<long>.Fail("tokens need the batch geometry (batch section)");
                    if (SeqLen is null) return ParseResult<long>.Fail("tokens need duration.seq_len (tokens per sample)");
                    return ParseResult<long>.Ok(EpochGeometry.CeilDiv((long)a, checked(Geometry.SamplesPerStep * SeqLen.Value)));
                case TimeUnit.Duration:
                    if (TotalSteps is null) return ParseResult<long>.Fail("a fraction of the run (dur) cannot define the run's own length");
                    if (a > 1m) return ParseResult<long>.Fail("a fraction of the run (dur) must be within 0..1");
                    return Whole(decimal.Ceiling(a * TotalSteps.Value));
                case TimeUnit.Seconds:
                    if (StepSeconds is null) return ParseResult<long>.Fail("wall-clock time needs duration.step_time (seconds per step)");
                    return Whole(decimal.Floor(a / StepSeconds.Value));
                default:
                    return ParseResult<long>.Fail($"unsupported unit {value.Unit}");
            }
        }
        catch (OverflowException)
        {
            return ParseResult<long>.Fail("is too large: more than 2^63 steps");
        }
    }

    private static ParseResult<long> Whole(decimal d) =>
        d > long.MaxValue ? ParseResult<long>.Fail("is too large: more than 2^63 steps") : ParseResult<long>.Ok((long)d);
}
