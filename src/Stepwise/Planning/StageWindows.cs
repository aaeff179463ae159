using System.Globalization;

namespace Stepwise.Planning;

/// <summary>Splits updates 0..T−1 into K consecutive windows of floor(T/K) updates, the remainder going to the last.</summary>
public static class StageWindows
{
    /// <summary>The K windows of a run of <paramref name="totalSteps"/> updates.</summary>
    /// <example>T = 630, K = 5: [0,125] [126,251] [252,377] [378,503] [504,629] (seed 000).</example>
    /// <returns>The windows, or a message when K &lt; 1 or K &gt; T.</returns>
    public static ParseResult<IReadOnlyList<StepWindow>> Split(long totalSteps, long stages)
    {
        if (stages < 1) return ParseResult<IReadOnlyList<StepWindow>>.Fail("must be ≥ 1");
        if (stages > totalSteps)
        {
            return ParseResult<IReadOnlyList<StepWindow>>.Fail(string.Create(CultureInfo.InvariantCulture,
                $"more windows than the {totalSteps} updates of the run; allowed 1..{totalSteps}"));
        }
        long length = totalSteps / stages;
        var windows = new StepWindow[stages];
        for (long k = 0; k < stages; k++)
        {
            long start = k * length;
            long end = k == stages - 1 ? totalSteps - 1 : start + length - 1;
            windows[k] = new StepWindow(start, end);
        }
        return ParseResult<IReadOnlyList<StepWindow>>.Ok(windows);
    }
}
