using RelicSecurity.Cli;

return await RelicCommandLine.Create().Parse(args).InvokeAsync();
