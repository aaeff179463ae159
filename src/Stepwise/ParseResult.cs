namespace Stepwise;

/// <summary>
/// The outcome of interpreting user input: a value, or a one-line message saying what was wrong and what is
/// allowed. User input never throws; callers attach the key the input came from.
/// </summary>
/// <typeparam name="T">The parsed value's type.</typeparam>
public readonly struct ParseResult<T>
{
    private readonly T _value;

    private ParseResult(T value, string? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>The message when parsing failed; null on success.</summary>
    public string? Error { get; }

    /// <summary>True when a value was produced.</summary>
    public bool Success => Error is null;

    /// <summary>The value.</summary>
    /// <exception cref="InvalidOperationException">Parsing failed.</exception>
    public T Value => Error is null ? _value : throw new InvalidOperationException(Error);

    /// <summary>A successful result.</summary>
    public static ParseResult<T> Ok(T value) => new(value, null);

    /// <summary>A failed result with a one-line message.</summary>
    public static ParseResult<T> Fail(string error) => new(default!, error);

    /// <summary>Gets the value when parsing succeeded.</summary>
    public bool TryGetValue(out T value)
    {
        value = _value;
        return Error is null;
    }

    /// <summary>Maps a successful value; failures pass through.</summary>
    public ParseResult<TOut> Select<TOut>(Func<T, TOut> map) =>
        Error is null ? ParseResult<TOut>.Ok(map(_value)) : ParseResult<TOut>.Fail(Error);

    /// <summary>Chains another fallible step; failures pass through.</summary>
    public ParseResult<TOut> Then<TOut>(Func<T, ParseResult<TOut>> next) =>
        Error is null ? next(_value) : ParseResult<TOut>.Fail(Error);
}
