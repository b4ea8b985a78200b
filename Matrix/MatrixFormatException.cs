namespace InteropGateway.Matrix;

/// <summary>The matrix file is not valid; the message names the cell or profile and the field.</summary>
public sealed class MatrixFormatException : Exception
{
    public MatrixFormatException(string message)
        : base(message)
    {
    }

    public MatrixFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
