using System.Globalization;

namespace Stepwise.Training.Cluster;

/// <summary>
/// How long before the time limit Slurm signals the job (<c>#SBATCH --signal=B:USR1@Seconds</c>): enough for the
/// trainer to finish the update under way, run an evaluation scheduled at that step and write the checkpoint, with a
/// margin. From figures: <c>ceil(2 × update + 1.5 × evaluation + 1.5 × save + 20 s)</c>, at least 30 s — twice the
/// update because a signal can arrive just as one starts and a busy node runs slower, 1.5 × the rest for the same
/// reason, and 20 s for the process to end, the logs to flush and <c>scontrol requeue</c> to answer.
/// </summary>
/// <param name="Seconds">Whole seconds, 1..<see cref="MaximumSeconds"/>.</param>
/// <param name="Figures">The figures it was computed from, or null when given as a number (<c>--grace 90s</c>).</param>
public sealed record GracePeriod(long Seconds, TimingFigures? Figures)
{
    /// <summary>The least computed grace.</summary>
    public const long MinimumSeconds = 30;

    /// <summary>The fixed part: the process's exit, the last log flush and the requeue call.</summary>
    public const long SlackSeconds = 20;

    /// <summary>The largest signal time <c>sbatch --signal</c> accepts (65535 s, about 18 h).</summary>
    public const long MaximumSeconds = 65_535;

    /// <summary>The grace for <paramref name="figures"/> (rule in the summary); throws
    /// <see cref="ArgumentOutOfRangeException"/> for a figure that is negative or not finite.</summary>
    public static GracePeriod FromFigures(TimingFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        foreach (var f in new[] { figures.Step, figures.Evaluation, figures.Save })
            if (!double.IsFinite(f.Seconds) || f.Seconds < 0) throw new ArgumentOutOfRangeException(nameof(figures), f.Seconds, "figures must be finite and ≥ 0");
        double raw = 2 * figures.Step.Seconds + 1.5 * figures.Evaluation.Seconds + 1.5 * figures.Save.Seconds + SlackSeconds;
        long seconds = raw >= MaximumSeconds + 1 ? MaximumSeconds + 1 : (long)Math.Ceiling(raw);
        return new GracePeriod(Math.Max(MinimumSeconds, seconds), figures);
    }

    /// <summary>A grace given as a number of seconds.</summary>
    public static GracePeriod Given(long seconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1);
        return new GracePeriod(seconds, null);
    }

    /// <summary>How it was found, in one line: <c>grace 95 s = ceil(2 × 12.3 s update + 1.5 × 20.1 s evaluation + 1.5 ×
    /// 3.2 s save + 20 s)</c>, or <c>grace 90 s (given)</c>.</summary>
    public string Explain()
    {
        var inv = CultureInfo.InvariantCulture;
        if (Figures is not { } f) return string.Create(inv, $"grace {Seconds} s (given with --grace)");
        string formula = $"ceil(2 × {f.Step.Text} update + 1.5 × {f.Evaluation.Text} evaluation + 1.5 × {f.Save.Text} save + {SlackSeconds} s)";
        return string.Create(inv, $"grace {Seconds} s = {(Seconds == MinimumSeconds ? $"the minimum {MinimumSeconds} s ≥ {formula}" : formula)}");
    }
}
