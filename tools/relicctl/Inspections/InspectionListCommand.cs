using System.CommandLine;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Cli.Sites;
using RelicSecurity.Contracts.Inspections.V1;

namespace RelicSecurity.Cli.Inspections;

/// <summary><c>relicctl inspections list</c>: inspections, or with --rectifications the rectification orders.</summary>
internal static class InspectionListCommand
{
    public static Command Create()
    {
        var province = new Option<string>("--province") { Description = "6-digit province code" };
        var state = EnumOption.Create<InspectionState>("--state", "Only inspections in this state");
        var site = new Option<string>("--site") { Description = "Only those covering this site id" };
        var rectifications = new Option<bool>("--rectifications") { Description = "List rectification orders instead" };
        var orderState = EnumOption.Create<RectificationState>("--order-state", "With --rectifications: only orders in this state");
        var page = new PageOptions();
        var command = page.AddTo(new Command("list", "List inspections or rectification orders") { province, state, site, rectifications, orderState });
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var client = new InspectionService.InspectionServiceClient(session.Invoker);
            if (parse.GetValue(rectifications))
            {
                var orders = await client.ListRectificationsAsync(new ListRectificationsRequest
                {
                    ProvinceCode = parse.GetValue(province) ?? "",
                    State = parse.GetValue(orderState),
                    SiteId = parse.GetValue(site) ?? "",
                    PageSize = page.Size(parse),
                    PageToken = page.Token(parse),
                }, deadline: session.Deadline(), cancellationToken: cancellationToken);
                return await InspectionView.PrintAsync(session, orders,
                    string.Join(Environment.NewLine, [.. orders.Rectifications.Select(InspectionView.Line), $"{orders.Rectifications.Count} of {orders.TotalSize} order(s)"]));
            }

            var found = await client.ListInspectionsAsync(new ListInspectionsRequest
            {
                ProvinceCode = parse.GetValue(province) ?? "",
                State = parse.GetValue(state),
                SiteId = parse.GetValue(site) ?? "",
                PageSize = page.Size(parse),
                PageToken = page.Token(parse),
            }, deadline: session.Deadline(), cancellationToken: cancellationToken);
            return await InspectionView.PrintAsync(session, found,
                string.Join(Environment.NewLine, [.. found.Inspections.Select(InspectionView.Line), $"{found.Inspections.Count} of {found.TotalSize} inspection(s)"]));
        });
        return command;
    }
}
