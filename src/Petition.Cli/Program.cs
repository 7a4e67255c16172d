return Petition.Cli.CliApp.Run(args, Console.Out, Console.Error);
