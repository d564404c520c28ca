EShop.Gateway.GatewayApp.Build(args).Run();
