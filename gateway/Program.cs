using RelicSecurity.Gateway.Extensions;
using RelicSecurity.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSuiteProxy();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapSuiteProxy();
app.Run();
