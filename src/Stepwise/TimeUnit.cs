namespace Stepwise;

/// <summary>The units of the time-string grammar (<c>3ep</c>, <c>630st</c>, <c>1000sp</c>, <c>2e6tok</c>, <c>0.5dur</c>, <c>7h</c>).</summary>
public enum TimeUnit
{
    /// <summary>Optimizer updates (<c>st</c>, alias <c>ba</c>); whole numbers only.</summary>
    Steps,
    /// <summary>Epochs (<c>ep</c>); may be fractional; converting needs the epoch geometry.</summary>
    Epochs,
    /// <summary>Training samples (<c>sp</c>), summed over data-parallel ranks; whole numbers only.</summary>
    Samples,
    /// <summary>Tokens (<c>tok</c>); whole numbers only; converting needs the sequence length.</summary>
    Tokens,
    /// <summary>A fraction of the whole run (<c>dur</c>), 0..1.</summary>
    Duration,
    /// <summary>Wall-clock seconds (<c>s</c>; <c>ms</c>, <c>m</c>, <c>h</c>, <c>d</c> are scaled into seconds).</summary>
    Seconds,
}
