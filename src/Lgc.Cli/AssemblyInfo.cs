using System.Runtime.CompilerServices;

// The batch runner is tested in-process (a job that never ends, which a child process cannot be given).
[assembly: InternalsVisibleTo("Lgc.Tests")]
