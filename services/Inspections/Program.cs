using RelicSecurity.Inspections.Extensions;

InspectionsApplication.Build(WebApplication.CreateBuilder(args)).Run();
