using Microsoft.AspNetCore.Builder;
using RelicSecurity.Bench.Grpc;
using RelicSecurity.Interop.Service;
using RelicSecurity.Testing;

// bench/Grpc/run.sh drives this program:
//   requests <dir>   write the framed request bodies h2load sends
//   relic [port]     the suite's server: Grpc.AspNetCore with ServiceDefaults (as every suite service) and the interop service
//   minimal [port]   routing + protobuf parse/serialize + trailer, nothing else (what any gRPC server must do)
//   raw [port]       plain Kestrel HTTP/2 answering the same bytes without gRPC (the ceiling)
if (args is ["requests", var directory])
{
    BenchMessages.WriteRequestFiles(directory);
    return 0;
}

var port = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
switch (args.FirstOrDefault())
{
    case "relic":
        {
            var builder = WebApplication.CreateSlimBuilder();
            // Authentication on, as in every suite service: each call carries a bearer token and pays its
            // validation. run.sh sends this token with every request (the other servers ignore it).
            TestTokens.Trust(builder.Configuration);
            Console.WriteLine($"TOKEN {TestTokens.National("bench")}");
            builder.AddInteropService();
            builder.UseBenchKestrel(port);
            var app = builder.Build();
            app.UseBenchStats();
            app.MapInteropService();
            await app.RunAndAnnounceAsync();
            return 0;
        }
    case "minimal":
        {
            var builder = WebApplication.CreateSlimBuilder().UseBenchKestrel(port);
            var app = builder.Build();
            app.UseBenchStats();
            app.MapMinimalGrpc();
            await app.RunAndAnnounceAsync();
            return 0;
        }
    case "raw":
        {
            var builder = WebApplication.CreateSlimBuilder().UseBenchKestrel(port);
            var app = builder.Build();
            app.UseBenchStats();
            app.UseRawGrpcLikeResponses();
            await app.RunAndAnnounceAsync();
            return 0;
        }
    default:
        Console.Error.WriteLine("usage: RelicSecurity.Bench.Grpc requests <dir> | relic [port] | minimal [port] | raw [port]");
        return 2;
}
