using ReasonRL.Cli.Hosting;
using ReasonRL.Model;

NativeAllocator.UseJemallocWherePossible(); // first: may start the command again with jemalloc preloaded; else glibc keeping freed memory
using var cancellation = new ConsoleCancellation(Console.Error, CliConsole.System.ErrorIsTerminal);
return await ReasonRLApp.RunAsync(args, CliConsole.System, cancellation.Token).ConfigureAwait(false);
