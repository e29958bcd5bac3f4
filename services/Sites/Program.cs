using RelicSecurity.ServiceDefaults;
using RelicSecurity.Sites.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSitesService();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapSitesService();
app.Run();
