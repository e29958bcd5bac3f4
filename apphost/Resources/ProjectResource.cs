namespace RelicSecurity.AppHost;

/// <summary>A service of the suite, run as "dotnet &lt;its built assembly&gt;" on 127.0.0.1.</summary>
internal sealed class ProjectResource(string name, string project, int port)
{
    private readonly List<ConnectionStringResource> references = [];
    private readonly List<ProjectResource> dependencies = [];
    private readonly List<ProjectResource> routes = [];

    public string Name { get; } = name;

    /// <summary>Path from the repository root to the project, without extension: "services/Sites/RelicSecurity.Sites".</summary>
    public string Project { get; } = project;

    public int Port { get; } = port;

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Projects that must be healthy before this one starts.</summary>
    public IReadOnlyList<ProjectResource> Dependencies => dependencies;

    public ProjectResource WithReference(ConnectionStringResource resource)
    {
        references.Add(resource);
        return this;
    }

    public ProjectResource WaitFor(ProjectResource other)
    {
        dependencies.Add(other);
        return this;
    }

    /// <summary>Makes this project (the gateway) proxy to <paramref name="other"/>: a YARP cluster named after it.</summary>
    public ProjectResource WithRoutesTo(ProjectResource other)
    {
        routes.Add(other);
        return this;
    }

    /// <summary>The environment this project starts with; <paramref name="all"/> are every project of the suite.</summary>
    public Dictionary<string, string> Environment(IEnumerable<ProjectResource> all)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = Url,
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        };
        foreach (var reference in references)
        {
            environment[$"ConnectionStrings__{reference.Name}"] = reference.Value;
        }
        foreach (var project in all)
        {
            environment[$"Services__{project.Name}"] = project.Url;
        }
        foreach (var target in routes)
        {
            environment[$"ReverseProxy__Clusters__{target.Name}__Destinations__primary__Address"] = target.Url;
        }
        return environment;
    }
}
