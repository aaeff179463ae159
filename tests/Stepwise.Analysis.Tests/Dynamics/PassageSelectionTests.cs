using Stepwise.Analysis.Dynamics;

namespace Stepwise.Analysis.Tests.Dynamics;

public class PassageSelectionTests
{
    private static string Long(char c, int n) => new(c, n);

    [Fact]
    public void SkippedShortPassage_KeepsEveryOtherPassagesIndex()
    {
        // passages 0..5; passage 2 is short: trained 0, 1, 3; novel 4, 5 (source indices, not positions in the list)
        string text = string.Join("\n\n", Long('a', 80), Long('b', 90), "too short", Long('c', 70), Long('d', 75), Long('e', 100), Long('f', 100));
        var s = PassageSelection.Select(text, "t.txt", null, null, 3, 129, 64).Value;
        Assert.Equal([0, 1, 3], s.Trained.Select(p => p.Index));
        Assert.Equal([4, 5, 6], s.Novel.Select(p => p.Index));
        Assert.All(s.Trained, p => Assert.True(p.Trained));
        Assert.All(s.Novel, p => Assert.False(p.Trained));
        var skipped = Assert.Single(s.Skipped);
        Assert.Equal((2, 9), (skipped.Index, skipped.Tokens));
    }

    [Fact]
    public void Cut_KeepsAtMostContextPlusOneTokens_AtACharacterBoundary_WithoutTrailingWhitespace()
    {
        // "é" is two UTF-8 bytes: a cut at 5 bytes cannot split it
        var (text, tokens) = PassageText.Cut("abcdéfg", 5);
        Assert.Equal("abcd", text);
        Assert.Equal([97, 98, 99, 100], tokens);
        var (t2, k2) = PassageText.Cut("line one\nline two", 9);
        Assert.Equal("line one", t2);
        Assert.Equal(8, k2.Length);
        Assert.Equal(130, PassageText.Cut(Long('x', 500), 130).Tokens.Length);
    }

    [Fact]
    public void Split_BlankLinesOfWhitespace_SeparatePassages_LinesJoinWithNewline()
    {
        Assert.Equal(["a\nb", "c", "d"], PassageText.Split("a\nb\n\nc\n   \n\t\nd\n"));
    }

    [Fact]
    public void NovelPassages_FromASecondText()
    {
        string train = string.Join("\n\n", Enumerable.Range(0, 3).Select(i => Long((char)('a' + i), 70)));
        string novel = string.Join("\n\n", "short", Long('x', 70), Long('y', 70), Long('z', 70));
        var s = PassageSelection.Select(train, "a.txt", novel, "b.txt", 3, 129, 64).Value;
        Assert.Equal([0, 1, 2], s.Trained.Select(p => p.Index));
        Assert.Equal([1, 2, 3], s.Novel.Select(p => p.Index));
        Assert.All(s.Novel, p => Assert.Equal("b.txt", p.Source));
        Assert.Equal("b.txt", Assert.Single(s.Skipped).Source);
    }

    [Fact]
    public void TooFewPassages_IsAOneLineMessageWithTheCounts()
    {
        var r = PassageSelection.Select(string.Join("\n\n", Long('a', 70), Long('b', 70), "x"), "t.txt", null, null, 2, 129, 64);
        Assert.False(r.Success);
        Assert.Contains("dynamics.num_passages = 2", r.Error, StringComparison.Ordinal);
        Assert.Contains("t.txt has 2 passage(s) of at least 64 tokens", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', r.Error!);
    }

    [Fact]
    public void TinyShakespeare_SelectsSpeeches_SkipsShortOnes_WhenTheFileIsThere()
    {
        string path = Path.Combine(TestPaths.SharedData, "tinyshakespeare.txt");
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"skipped: {path} is absent");
            return;
        }
        var s = PassageSelection.Select(File.ReadAllText(path), "tinyshakespeare.txt", null, null, 50, 129, 64).Value;
        Assert.Equal(50, s.Trained.Count);
        Assert.Equal(50, s.Novel.Count);
        var indices = s.All.Select(p => p.Index).Concat(s.Skipped.Select(p => p.Index)).Order().ToList();
        Assert.Equal(Enumerable.Range(0, indices.Count), indices);
        Assert.All(s.All, p => Assert.InRange(p.Length, 64, 129));
    }
}
