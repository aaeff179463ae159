using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Stepwise.Training.Setup;

namespace Stepwise.Analysis.Influence;

/// <summary>
/// The progress file of an analysis that may be stopped: the finished windows (scores, occurrences, verification) and,
/// for a sweep measured at the end, where the sweep stands (the adjoint and the open windows' partial scores). Binary,
/// little-endian, float64 bit patterns (no number goes through text), written to a temporary file and renamed; tagged
/// with a key of the run and the request, so a different request never resumes from it.
/// </summary>
internal static class InfluenceProgress
{
    private const string Magic = "stepwise.influence.progress/1";

    /// <summary>SHA-256 of what decides the scores: the run's config and data, the windows and the options that change
    /// numbers (not K, which does not).</summary>
    public static string Key(RunSetup setup, IReadOnlyList<StepWindow> windows, InfluenceOptions o)
    {
        var text = new StringBuilder();
        text.Append(setup.ConfigHash).Append('|').Append(setup.Data.Fingerprint).Append('|');
        foreach (var w in windows) text.Append(CultureInfo.InvariantCulture, $"{w.Start}:{w.End},");
        text.Append(CultureInfo.InvariantCulture, $"{(o.Method == InfluenceMethod.Tim ? "" : $"|{o.Method}")}|{o.Query}|{o.MeasureAt}|{o.Precision}|{o.Verify}|{o.QueryBatch}");
        return RunSetup.Sha256(text.ToString());
    }

    public static (List<WindowInfluence> Done, SweepState? Sweep)? Load(string path, string key)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            if (r.ReadString() != Magic || r.ReadString() != key) return null;
            var done = new List<WindowInfluence>();
            int count = r.ReadInt32();
            for (int k = 0; k < count; k++)
            {
                var window = new StepWindow(r.ReadInt64(), r.ReadInt64());
                var measured = new Step(r.ReadInt64());
                double loss = r.ReadDouble();
                double[] scores = Doubles(r);
                int[] occurrences = Ints(r);
                Verification? check = null;
                if (r.ReadBoolean())
                {
                    long[] samples = Longs(r);
                    check = new Verification(samples, Doubles(r), Doubles(r), r.ReadDouble());
                }
                done.Add(new WindowInfluence(window, measured, loss, scores, occurrences) { Verification = check });
            }
            SweepState? sweep = null;
            if (r.ReadBoolean())
            {
                long next = r.ReadInt64();
                double loss = r.ReadDouble();
                var adjoint = new double[r.ReadInt32()][];
                for (int i = 0; i < adjoint.Length; i++) adjoint[i] = Doubles(r);
                var open = new List<(StepWindow, double[], int[])>();
                int n = r.ReadInt32();
                for (int i = 0; i < n; i++) open.Add((new StepWindow(r.ReadInt64(), r.ReadInt64()), Doubles(r), Ints(r)));
                sweep = new SweepState(next, loss, adjoint, open);
            }
            return (done, sweep);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentOutOfRangeException or FormatException)
        {
            return null; // torn or foreign: start over
        }
    }

    public static void Save(string path, string key, IReadOnlyList<WindowInfluence> done, SweepState? sweep)
    {
        string temp = path + ".tmp";
        using (var w = new BinaryWriter(File.Create(temp), Encoding.UTF8))
        {
            w.Write(Magic);
            w.Write(key);
            w.Write(done.Count);
            foreach (var d in done)
            {
                w.Write(d.Window.Start);
                w.Write(d.Window.End);
                w.Write(d.MeasuredAt.Value);
                w.Write(d.QueryLoss);
                Write(w, d.Scores);
                Write(w, d.Occurrences);
                w.Write(d.Verification is not null);
                if (d.Verification is { } v)
                {
                    w.Write(v.Samples.Count);
                    foreach (long s in v.Samples) w.Write(s);
                    Write(w, v.Estimated);
                    Write(w, v.Actual);
                    w.Write(v.BaseLoss);
                }
            }
            w.Write(sweep is not null);
            if (sweep is not null)
            {
                w.Write(sweep.NextUpdate);
                w.Write(sweep.QueryLoss);
                w.Write(sweep.Adjoint.Length);
                foreach (double[] b in sweep.Adjoint) Write(w, b);
                w.Write(sweep.Open.Count);
                foreach (var (window, scores, occurrences) in sweep.Open)
                {
                    w.Write(window.Start);
                    w.Write(window.End);
                    Write(w, scores);
                    Write(w, occurrences);
                }
            }
            w.Flush();
            ((FileStream)w.BaseStream).Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    private static void Write(BinaryWriter w, IReadOnlyList<double> values)
    {
        w.Write(values.Count);
        foreach (double v in values) w.Write(v);
    }

    private static void Write(BinaryWriter w, IReadOnlyList<int> values)
    {
        w.Write(values.Count);
        foreach (int v in values) w.Write(v);
    }

    private static double[] Doubles(BinaryReader r)
    {
        var a = new double[Length(r)];
        for (int i = 0; i < a.Length; i++) a[i] = r.ReadDouble();
        return a;
    }

    private static int[] Ints(BinaryReader r)
    {
        var a = new int[Length(r)];
        for (int i = 0; i < a.Length; i++) a[i] = r.ReadInt32();
        return a;
    }

    private static long[] Longs(BinaryReader r)
    {
        var a = new long[Length(r)];
        for (int i = 0; i < a.Length; i++) a[i] = r.ReadInt64();
        return a;
    }

    private static int Length(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > Array.MaxLength) throw new FormatException($"length {n}");
        return n;
    }
}
