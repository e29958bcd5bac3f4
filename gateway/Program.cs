using RelicSecurity.Gateway.Extensions;

GatewayApplication.Build(WebApplication.CreateBuilder(args)).Run();
