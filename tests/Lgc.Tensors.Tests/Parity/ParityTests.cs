using System.Collections.Concurrent;
using Lgc.Tensors.Reference;
using Xunit.Abstractions;

namespace Lgc.Tensors.Tests.Parity;

/// <summary>ggml test-backend-ops style: every op case on every backend, against the reference.</summary>
public sealed class ParityTests(ITestOutputHelper log)
{
    private static readonly ConcurrentDictionary<string, Lazy<float[]>> Expected = new();

    public static IEnumerable<object[]> Matrix() =>
        from backend in Backends.UnderTest.Keys
        from c in Cases.All
        select new object[] { backend, c.Name };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void MatchesReference(string backend, string caseName)
    {
        var c = Cases.All.Single(x => x.Name == caseName);
        var expected = Expected.GetOrAdd(caseName, _ => new Lazy<float[]>(() => c.Run(new ReferenceBackend()))).Value;
        var actual = c.Run(Backends.UnderTest[backend]());
        double nmse = Compare.AssertClose(actual, expected, c.Tolerance, $"{backend} {caseName}");
        log.WriteLine($"NMSE {nmse:g3}");
    }

    [Fact]
    public void EveryBackendOpHasACase()
    {
        var covered = Cases.All.Select(c => c.Op).ToHashSet();
        var ops = typeof(IBackend).GetMethods().Where(m => !m.IsSpecialName).Select(m => m.Name);
        var missing = ops.Where(op => !covered.Contains(op)).ToList();
        Assert.True(missing.Count == 0, $"IBackend ops without a parity case: {string.Join(", ", missing)}");
    }

    [Fact]
    public void CaseNamesAreUnique() =>
        Assert.Equal(Cases.All.Count, Cases.All.Select(c => c.Name).Distinct().Count());
}
