using EShop.DevEnvironment.Catalog;
using EShop.DevEnvironment.Processes;

namespace EShop.DevEnvironment.Stack;

/// <summary>Builds the service projects and finds their entry assemblies.</summary>
public sealed class ServiceBinaries(string repositoryRoot, string configuration)
{
    public const string VendorSimulatorProject = "services/VendorSimulator/EShop.VendorSimulator.csproj";

    public async Task BuildAsync(IEnumerable<string> projects, CancellationToken ct)
    {
        foreach (var project in projects)
        {
            try
            {
                await CommandRunner.RunAsync("dotnet", ["build", Path.Combine(repositoryRoot, project), "-c", configuration, "--nologo", "-v", "q"], ct: ct);
            }
            catch (InvalidOperationException ex)
            {
                throw new LocalStackException($"build of {project} failed: {FirstError(ex.Message)}");
            }
        }
    }

    public string EntryAssembly(string project)
    {
        var dir = Path.Combine(repositoryRoot, Path.GetDirectoryName(project)!, "bin", configuration, "net10.0");
        var dll = Path.Combine(dir, Path.GetFileNameWithoutExtension(project) + ".dll");
        return File.Exists(dll) ? dll : throw new LocalStackException($"{dll} is missing: build the solution or drop --no-build");
    }

    public string EntryAssembly(CatalogService service) => EntryAssembly(service.Project);

    private static string FirstError(string output) =>
        output.Split('\n').FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))?.Trim() ?? output.Trim();
}
