// The `stock` console host. Its commands (CONTRACTS.md section 4) arrive with the hosts issue.
Console.Error.WriteLine("stock: no commands are available in this build yet.");
return 2;
