using RelicSecurity.Cases.Extensions;

CasesApplication.Build(WebApplication.CreateBuilder(args)).Run();
