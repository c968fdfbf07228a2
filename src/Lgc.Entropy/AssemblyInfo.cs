using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Lgc.Entropy.Tests")]
