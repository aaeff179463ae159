namespace Stepwise.Reports.Charts;

/// <summary>
/// Colours of every chart: the Okabe–Ito palette (Okabe &amp; Ito 2008), distinguishable with the common forms of colour
/// blindness, in an order that keeps the first colours far apart; its yellow, hard to see on white, comes last.
/// </summary>
internal static class Palette
{
    /// <summary>Blue.</summary>
    public const string Blue = "#0072B2";
    /// <summary>Orange.</summary>
    public const string Orange = "#E69F00";
    /// <summary>Bluish green.</summary>
    public const string Green = "#009E73";
    /// <summary>Vermillion.</summary>
    public const string Vermillion = "#D55E00";
    /// <summary>Sky blue.</summary>
    public const string SkyBlue = "#56B4E9";
    /// <summary>Reddish purple.</summary>
    public const string Purple = "#CC79A7";
    /// <summary>Black.</summary>
    public const string Black = "#000000";
    /// <summary>Yellow.</summary>
    public const string Yellow = "#F0E442";
    /// <summary>The grey of reference marks (epoch boundaries).</summary>
    public const string Grey = "#8A939C";

    /// <summary>The categorical order.</summary>
    public static IReadOnlyList<string> Categorical { get; } = [Blue, Orange, Green, Vermillion, SkyBlue, Purple, Black, Yellow];

    /// <summary>The colour of category <paramref name="index"/> (repeating after eight).</summary>
    public static string At(int index) => Categorical[index % Categorical.Count];
}
