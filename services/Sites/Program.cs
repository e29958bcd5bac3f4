using RelicSecurity.Sites.Extensions;

SitesApplication.Build(WebApplication.CreateBuilder(args)).Run();
