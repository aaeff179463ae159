namespace Stepwise.Configuration;

/// <summary>A bound value: the typed value, the key as the user wrote it, and the text written (for messages).</summary>
public sealed record ConfigValue(object Value, string WrittenKey, string Text);
