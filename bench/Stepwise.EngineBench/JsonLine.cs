using System.Text;
using System.Text.Json;

namespace Stepwise.EngineBench;

/// <summary>Writes one result as one JSON object on one line of stdout.</summary>
internal static class JsonLine
{
    public static void Emit(string name, string unit, double value, int threads, params (string Key, object Value)[] extra)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("unit", unit);
            w.WriteNumber("value", value);
            w.WriteNumber("threads", threads);
            w.WriteString("side", "stepwise");
            w.WriteString("engine_threads", EngineThreadsShim.Mode);
            w.WriteNumber("processors", Environment.ProcessorCount);
            foreach (var (key, v) in extra)
            {
                switch (v)
                {
                    case string s: w.WriteString(key, s); break;
                    case int i: w.WriteNumber(key, i); break;
                    case long l: w.WriteNumber(key, l); break;
                    case double d: w.WriteNumber(key, d); break;
                    default: throw new ArgumentException($"unsupported JSON value type for {key}");
                }
            }
            w.WriteEndObject();
        }
        Console.Out.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
        Console.Out.Flush();
    }
}
