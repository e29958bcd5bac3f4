using RelicSecurity.ApiDoc;

return ApiDocCommand.Run(args, Console.Out, Console.Error);
