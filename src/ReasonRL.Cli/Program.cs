using ReasonRL.Cli.Hosting;
using ReasonRL.Model;

NativeHeap.KeepFreedMemory(); // before any tensor: libtorch's activations are then reused instead of faulted in each step
using var cancellation = new ConsoleCancellation(Console.Error, CliConsole.System.ErrorIsTerminal);
return await ReasonRLApp.RunAsync(args, CliConsole.System, cancellation.Token).ConfigureAwait(false);
