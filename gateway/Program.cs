using RelicSecurity.Gateway.Extensions;
using RelicSecurity.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSuiteGateway();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapSuiteGateway();
app.Run();
