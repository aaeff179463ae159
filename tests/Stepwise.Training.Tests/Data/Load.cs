using Stepwise.Training.Data;

namespace Stepwise.Training.Tests.Data;

/// <summary>Loader shortcuts for tests.</summary>
internal static class Load
{
    public static LoadedData Ok(DataSource spec, ulong seed = 1, string? baseDirectory = null)
    {
        var r = DataLoader.Load(spec, baseDirectory ?? Directory.GetCurrentDirectory(), seed);
        Assert.True(r.Success, r.Error);
        return r.Value;
    }

    public static string Error(DataSource spec, ulong seed = 1, string? baseDirectory = null)
    {
        var r = DataLoader.Load(spec, baseDirectory ?? Directory.GetCurrentDirectory(), seed);
        Assert.False(r.Success, "expected a failure");
        Assert.DoesNotContain('\n', r.Error!);
        return r.Error!;
    }

    public static Dictionary<string, double> Splits(params (string Name, double Fraction)[] splits) =>
        splits.ToDictionary(s => s.Name, s => s.Fraction);
}
