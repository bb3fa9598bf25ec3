using ReasonRL.Cli.Hosting;

using var cancellation = new ConsoleCancellation(Console.Error);
return await ReasonRLApp.RunAsync(args, CliConsole.System, cancellation.Token).ConfigureAwait(false);
