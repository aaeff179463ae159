using System.Globalization;

namespace Stepwise;

/// <summary>
/// An inclusive range [<see cref="Start"/>, <see cref="End"/>] of update indices. Update t takes state t to t+1,
/// so the window begins at state <see cref="Start"/> and ends at state <see cref="End"/> + 1.
/// </summary>
/// <example>Seed 000: 630 updates in 5 stages gives [0, 125] … [504, 629], each 126 updates long.</example>
public readonly record struct StepWindow
{
    /// <summary>Creates the window of updates <paramref name="start"/>..<paramref name="end"/> (inclusive).</summary>
    /// <exception cref="ArgumentOutOfRangeException">start is negative or end &lt; start.</exception>
    public StepWindow(long start, long end)
    {
        if (start < 0) throw new ArgumentOutOfRangeException(nameof(start), start, "Update indices are ≥ 0.");
        if (end < start) throw new ArgumentOutOfRangeException(nameof(end), end, "A window needs end ≥ start.");
        Start = start;
        End = end;
    }

    /// <summary>The first update index in the window (0-based).</summary>
    public long Start { get; }

    /// <summary>The last update index in the window (inclusive).</summary>
    public long End { get; }

    /// <summary>Number of updates in the window: End − Start + 1.</summary>
    public StepCount Length => new(checked(End - Start + 1));

    /// <summary>The state the window starts from (= <see cref="Start"/>).</summary>
    public Step FirstState => new(Start);

    /// <summary>The state the window's last update produces (= <see cref="End"/> + 1).</summary>
    public Step LastState => new(checked(End + 1));

    /// <summary>Whether update index <paramref name="update"/> lies in the window.</summary>
    public bool Contains(long update) => update >= Start && update <= End;

    /// <summary><c>[start, end]</c> in invariant digits.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"[{Start}, {End}]");
}
