using Google.Protobuf;
using Stepwise.Training.TensorBoard.Proto;

namespace Stepwise.Training.TensorBoard;

/// <summary>
/// The event files of a run folder: where they live (<c>RUN/tb/events.out.tfevents.*</c>), reading their scalars back,
/// and the resume rule that removes events after a checkpoint's step (see docs/training.md, "TensorBoard").
/// </summary>
public static class TensorBoardEventFiles
{
    /// <summary>The run folder's subfolder for event files (<c>tensorboard --logdir RUN</c> finds it).</summary>
    public const string FolderName = "tb";

    /// <summary>The file name prefix TensorBoard looks for (it reads files whose name contains <c>tfevents</c>).</summary>
    public const string FilePrefix = "events.out.tfevents.";

    /// <summary>The <c>file_version</c> of the first record of every file.</summary>
    public const string FileVersion = "brain.Event:2";

    /// <summary>The event files of <paramref name="runDirectory"/>, in the order TensorBoard reads them (ordinal order
    /// of name, which is the order of their creation time); empty when there are none.</summary>
    public static IReadOnlyList<string> List(string runDirectory)
    {
        string folder = Path.Combine(runDirectory, FolderName);
        if (!Directory.Exists(folder)) return [];
        var files = Directory.GetFiles(folder, FilePrefix + "*");
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    /// <summary>The scalars of one event file, in file order.</summary>
    /// <exception cref="InvalidDataException">A record is torn or damaged (a CRC does not match), is not an Event,
    /// or the first record is not the <c>file_version</c> <see cref="FileVersion"/>; the message names the file and
    /// the byte offset.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyList<TensorBoardScalar> ReadScalars(string path)
    {
        var result = new List<TensorBoardScalar>();
        foreach (Event e in ReadEvents(path))
        {
            if (e.WhatCase != Event.WhatOneofCase.Summary) continue;
            foreach (var v in e.Summary.Value)
            {
                if (v.HasSimpleValue)
                    result.Add(new TensorBoardScalar(v.Tag, new Step(e.Step), v.SimpleValue, e.WallTime));
            }
        }
        return result;
    }

    /// <summary>The scalars of every event file of <paramref name="runDirectory"/>, files in <see cref="List"/> order.</summary>
    /// <exception cref="InvalidDataException">As for <see cref="ReadScalars"/>.</exception>
    public static IReadOnlyList<TensorBoardScalar> ReadRun(string runDirectory) =>
        List(runDirectory).SelectMany(ReadScalars).ToList();

    /// <summary>Every event of a file, checked as <see cref="ReadScalars"/> describes.</summary>
    internal static List<Event> ReadEvents(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        var reader = new TfRecordReader(stream);
        var events = new List<Event>();
        while (reader.TryRead(out var data))
        {
            Event e;
            try { e = Event.Parser.ParseFrom(data.Span); }
            catch (InvalidProtocolBufferException x)
            {
                throw new InvalidDataException($"{path}: the record at byte {reader.RecordOffset} is not an Event: {x.Message}");
            }
            if (events.Count == 0 && !(e.WhatCase == Event.WhatOneofCase.FileVersion && e.FileVersion == FileVersion))
                throw new InvalidDataException($"{path}: the first record is not file_version \"{FileVersion}\"");
            events.Add(e);
        }
        if (reader.Problem is { } problem) throw new InvalidDataException($"{path}: {problem}");
        return events;
    }

    /// <summary>
    /// The resume rule for one file: keeps the records before the first one whose step is after
    /// <paramref name="keepThrough"/> and before the first torn or damaged record, and cuts the file there (a file
    /// left with no record is deleted). Returns one line saying what was removed, or null when the file was kept whole.
    /// </summary>
    internal static string? TrimAfter(string path, Step keepThrough)
    {
        string name = Path.GetFileName(path);
        long cut, length, dropped = 0;
        string? problem;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 16))
        {
            length = stream.Length;
            var reader = new TfRecordReader(stream);
            cut = -1;
            while (reader.TryRead(out var data))
            {
                long step;
                try { step = Event.Parser.ParseFrom(data.Span).Step; }
                catch (InvalidProtocolBufferException x)
                {
                    reader.Reject($"the record at byte {reader.RecordOffset} is not an Event ({x.Message})");
                    break;
                }
                if (cut < 0 && step > keepThrough.Value) cut = reader.RecordOffset;
                if (cut >= 0) dropped++;
            }
            problem = reader.Problem;
            if (cut < 0) cut = reader.GoodBytes;
            if (cut == length) return null;
            if (cut > 0)
            {
                stream.SetLength(cut);
                stream.Flush(flushToDisk: true);
            }
        }
        if (cut == 0) File.Delete(path);
        string what = dropped == 0 ? "" : $"{dropped} event(s) after step {keepThrough}";
        if (problem is not null) what += (what.Length == 0 ? "" : " and ") + $"a {problem}";
        return cut == 0
            ? $"{FolderName}/{name}: deleted (nothing to keep: {what})"
            : $"{FolderName}/{name}: removed {what} ({length - cut} bytes)";
    }
}
