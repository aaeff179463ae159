using System.Security.Cryptography;
using System.Text;
using Stepwise.Reports.Page;

namespace Stepwise.Reports.Tests;

public class VendorTests
{
    [Fact]
    public void The_embedded_bundles_and_licenses_match_the_hashes_scripts_update_vega_recorded()
    {
        var lines = PageAssets.Vendor("VERSIONS.txt").Split('\n').Where(l => l.StartsWith("sha256 ", StringComparison.Ordinal)).ToList();
        Assert.Equal(7, lines.Count);
        foreach (string line in lines)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(PageAssets.Vendor(parts[2]))));
            Assert.True(parts[1] == hash, $"{parts[2]}: {hash}, VERSIONS.txt says {parts[1]} (run scripts/update-vega.sh)");
        }
        Assert.Equal("vega 6.4.0, vega-lite 6.5.0, vega-embed 7.3.0", PageAssets.VersionLine);
        Assert.Contains("Redistribution and use in source and binary forms", PageAssets.Vendor("LICENSE.vega.txt"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_bundles_carry_no_source_map_reference_and_the_vega_lite_version_matches_the_schema()
    {
        foreach (string bundle in PageAssets.Bundles) Assert.DoesNotContain("sourceMappingURL", PageAssets.Vendor(bundle), StringComparison.Ordinal);
        Assert.Contains("var n=\"6.5.0\"", PageAssets.Vendor("vega-lite.min.js"), StringComparison.Ordinal);
        Assert.EndsWith("/v6.json", Page.Chart.Schema, StringComparison.Ordinal);
    }
}
