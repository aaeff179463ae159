namespace Stepwise.Engine.Parameters;

/// <summary>
/// The layout of a model's parameters in one flat buffer: named views in declaration order. Gradients and optimizer
/// state use the same layout, so a checkpoint is one contiguous write and an optimizer is a single loop.
/// </summary>
public sealed class ParamLayout
{
    private readonly List<ParamView> _views = [];
    private int _size;

    /// <summary>Total elements.</summary>
    public int Size => _size;

    /// <summary>The views in order.</summary>
    public IReadOnlyList<ParamView> Views => _views;

    /// <summary>Appends a tensor of <paramref name="shape"/>; the buffer is laid out in call order.</summary>
    /// <exception cref="ArgumentException">The name is taken.</exception>
    public ParamView Add(string name, params int[] shape)
    {
        if (_views.Any(v => v.Name == name)) throw new ArgumentException($"parameter '{name}' is declared twice", nameof(name));
        var view = new ParamView(name, shape, _size);
        _size = checked(_size + view.Length);
        _views.Add(view);
        return view;
    }

    /// <summary>The view named <paramref name="name"/>.</summary>
    public ParamView this[string name] => _views.FirstOrDefault(v => v.Name == name) ?? throw new KeyNotFoundException($"no parameter '{name}'");
}
