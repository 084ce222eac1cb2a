return await RearPlayground.Worker.Cli.CliApp.RunAsync(args);
