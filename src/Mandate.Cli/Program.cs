using Mandate.Cli;

return await MandateCommandLine.RunAsync(args, Console.Out, Console.Error);
