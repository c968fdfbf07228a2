global using Xunit;
global using Lgc.Fuzz;
