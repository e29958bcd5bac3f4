using RelicSecurity.Cli;

return await RelicCommandLine.RunAsync(args);
