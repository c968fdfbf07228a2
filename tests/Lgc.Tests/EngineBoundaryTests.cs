using System.Reflection;
using Lgc.Lab.Evaluation;
using Lgc.Lab.Perception;

namespace Lgc.Tests;

/// <summary>
/// The engine library stays a codec: the evaluation harness, FD-R18 and the plots (ScottPlot) live in Lgc.Lab and
/// Lgc.Lab.Plots. These fail if lab code or a plotting dependency moves back into Lgc.Engine.
/// </summary>
public class EngineBoundaryTests
{
    static readonly Assembly Engine = typeof(LgcCodec).Assembly;

    /// <summary>Assembly names the engine (or anything it loads) must never need.</summary>
    static bool IsLabOrPlotting(string name) =>
        name.StartsWith("ScottPlot", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("SkiaSharp", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Lgc.Lab", StringComparison.OrdinalIgnoreCase);

    /// <summary>Namespaces that hold lab code (the old Lgc.Evaluation / Lgc.Perception and the new Lgc.Lab.*).</summary>
    static bool IsLabNamespace(string? ns) =>
        ns is not null && (ns == "Lgc.Lab" || ns.StartsWith("Lgc.Lab.")
            || ns.StartsWith("Lgc.Evaluation") || ns.StartsWith("Lgc.Perception")
            || ns.Split('.').Any(part => part is "Evaluation" or "Perception" or "Plots"));

    [Fact]
    public void Engine_references_no_lab_or_plotting_assembly()
    {
        var bad = Engine.GetReferencedAssemblies().Select(a => a.Name!).Where(IsLabOrPlotting).ToList();
        Assert.True(bad.Count == 0, $"Lgc.Engine references {string.Join(", ", bad)}");
    }

    [Fact]
    public void Engine_dependency_closure_has_no_lab_or_plotting_assembly()
    {
        // Walk the non-framework references transitively (Lgc.*, ImageSharp, ILGPU ...): a plotting library pulled
        // in through Lgc.Formats or Lgc.Kernels would be as bad as one referenced directly.
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Engine.GetName().Name! };
        var queue = new Queue<Assembly>([Engine]);
        var bad = new List<string>();
        while (queue.Count > 0)
        {
            var a = queue.Dequeue();
            foreach (var r in a.GetReferencedAssemblies())
            {
                string name = r.Name!;
                if (IsLabOrPlotting(name)) bad.Add($"{a.GetName().Name} -> {name}");
                if (name.StartsWith("System") || name.StartsWith("Microsoft") || name is "mscorlib" or "netstandard") continue;
                if (seen.Add(name)) queue.Enqueue(Assembly.Load(r));
            }
        }
        Assert.True(bad.Count == 0, "the engine's closure holds " + string.Join(", ", bad));
        Assert.Contains("Lgc.Tensors", seen); // the walk did follow project references
    }

    [Fact]
    public void Engine_holds_no_evaluation_or_perception_namespace()
    {
        var bad = Engine.GetTypes().Select(t => t.Namespace).Where(IsLabNamespace).Distinct().ToList();
        Assert.True(bad.Count == 0, $"Lgc.Engine holds lab namespaces: {string.Join(", ", bad)}");
    }

    [Fact]
    public void Lab_types_live_in_the_lab_assembly()
    {
        // The check above is only meaningful if the lab types are found where the split put them.
        foreach (var t in new[] { typeof(EvalRunner), typeof(BdRate), typeof(ImageMetrics), typeof(ResNet18Features), typeof(FrechetDistance) })
        {
            Assert.Equal("Lgc.Lab", t.Assembly.GetName().Name);
            Assert.True(IsLabNamespace(t.Namespace), $"{t.FullName} is outside Lgc.Lab.*");
        }
        Assert.Equal("Lgc.Lab.Plots", typeof(Lgc.Lab.Plots.EvalPlots).Assembly.GetName().Name);
    }

    [Fact]
    public void Engine_project_has_no_lab_folders_or_plotting_package()
    {
        string engineDir = Path.Combine(RepoRoot(), "src", "Lgc.Engine");
        Assert.False(Directory.Exists(Path.Combine(engineDir, "Evaluation")), "src/Lgc.Engine/Evaluation is back");
        Assert.False(Directory.Exists(Path.Combine(engineDir, "Perception")), "src/Lgc.Engine/Perception is back");
        // A PackageReference that no code uses yet is not in the assembly's references: read the project itself.
        string csproj = File.ReadAllText(Path.Combine(engineDir, "Lgc.Engine.csproj"));
        Assert.DoesNotContain("ScottPlot", csproj, StringComparison.OrdinalIgnoreCase);
        // The lab may be a friend (InternalsVisibleTo), never a reference.
        Assert.DoesNotMatch(@"<(ProjectReference|PackageReference|Reference)\s+Include=""[^""]*Lgc\.Lab", csproj);
    }

    static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Engine.sln"))) return d.FullName;
        throw new DirectoryNotFoundException($"no Engine.sln above {AppContext.BaseDirectory}");
    }
}
