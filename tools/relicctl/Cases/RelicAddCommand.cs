using System.CommandLine;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Cli.Sites;
using RelicSecurity.Contracts.Cases.V1;

namespace RelicSecurity.Cli.Cases;

/// <summary><c>relicctl cases relic add CASE_ID</c>: registers a relic in a case with the Object ID fields.</summary>
internal static class RelicAddCommand
{
    public static Command Create()
    {
        var caseId = new Argument<string>("case-id") { Description = "The case the relic belongs to" };
        var title = new Option<string>("--title") { Description = "Object ID: title" };
        var type = new Option<string>("--type") { Description = "Object ID: object type, two levels (ceramics/jar)" };
        var grade = EnumOption.Create<RelicGrade>("--grade", "Grade");
        var status = EnumOption.Create<RelicStatus>("--status", "Status now (STOLEN: sought)");
        var materials = Many("--material", "Materials (repeatable)");
        var techniques = Many("--technique", "Techniques (repeatable)");
        var images = Many("--image", "Image URIs (repeatable)");
        var height = new Option<double>("--height-cm") { Description = "Height in cm" };
        var width = new Option<double>("--width-cm") { Description = "Width in cm" };
        var depth = new Option<double>("--depth-cm") { Description = "Depth in cm" };
        var diameter = new Option<double>("--diameter-cm") { Description = "Diameter in cm" };
        var weight = new Option<double>("--weight-kg") { Description = "Weight in kg" };
        var inscriptions = Text("--inscriptions", "Inscriptions and markings");
        var period = Text("--period", "Date or period (Western Zhou, Ming)");
        var maker = Text("--maker", "Maker");
        var subject = Text("--subject", "Subject");
        var features = Text("--features", "Distinguishing features");
        var description = Text("--description", "Description");
        var inventory = Text("--inventory-number", "Inventory number");
        var origin = Text("--origin", "Place of origin");
        var holder = Text("--holder", "Current holder");
        var requestId = Text("--request-id", "Idempotency key: the same key registers the relic once; default: a new one");
        var command = new Command("add", "Register a relic in a case (Object ID fields)")
        {
            caseId, title, type, grade, status, materials, techniques, images, height, width, depth, diameter, weight,
            inscriptions, period, maker, subject, features, description, inventory, origin, holder, requestId,
        };
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var relic = new Relic
            {
                Title = parse.GetValue(title) ?? "",
                ObjectType = parse.GetValue(type) ?? "",
                Grade = parse.GetValue(grade),
                Status = parse.GetValue(status),
                Measurements = new Measurements
                {
                    HeightCm = parse.GetValue(height),
                    WidthCm = parse.GetValue(width),
                    DepthCm = parse.GetValue(depth),
                    DiameterCm = parse.GetValue(diameter),
                    WeightKg = parse.GetValue(weight),
                },
                InscriptionsMarkings = parse.GetValue(inscriptions) ?? "",
                Period = parse.GetValue(period) ?? "",
                Maker = parse.GetValue(maker) ?? "",
                Subject = parse.GetValue(subject) ?? "",
                DistinguishingFeatures = parse.GetValue(features) ?? "",
                Description = parse.GetValue(description) ?? "",
                InventoryNumber = parse.GetValue(inventory) ?? "",
                PlaceOfOrigin = parse.GetValue(origin) ?? "",
                CurrentHolder = parse.GetValue(holder) ?? "",
            };
            relic.Materials.AddRange(parse.GetValue(materials) ?? []);
            relic.Techniques.AddRange(parse.GetValue(techniques) ?? []);
            relic.ImageUris.AddRange(parse.GetValue(images) ?? []);
            var client = new CaseService.CaseServiceClient(session.Invoker);
            var registered = await client.RegisterRelicAsync(new RegisterRelicRequest
            {
                CaseId = parse.GetValue(caseId) ?? "",
                Relic = relic,
                RequestId = parse.GetValue(requestId) is { Length: > 0 } key ? key : Guid.NewGuid().ToString(),
            }, deadline: session.Deadline(), cancellationToken: cancellationToken);
            return await CaseView.PrintAsync(session, registered, ["registered " + CaseView.Line(registered)]);
        });
        return command;
    }

    private static Option<string[]> Many(string name, string description) => new(name) { Description = description, AllowMultipleArgumentsPerToken = true };

    private static Option<string> Text(string name, string description) => new(name) { Description = description };
}
