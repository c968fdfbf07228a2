namespace Lgc;

/// <summary>A problem with the user's input (file, image, model) that the CLI reports as one clear message.</summary>
public class LgcException(string message, Exception? inner = null) : Exception(message, inner);
