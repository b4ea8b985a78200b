namespace InteropGateway.Matrix;

public sealed class MatrixReloadedEventArgs(MatrixDefinition previous, MatrixDefinition current, long version) : EventArgs
{
    public MatrixDefinition Previous { get; } = previous;

    public MatrixDefinition Current { get; } = current;

    public long Version { get; } = version;
}
