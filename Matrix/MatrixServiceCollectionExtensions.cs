using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Matrix;

public static class MatrixServiceCollectionExtensions
{
    /// <summary>Registers the live <see cref="MatrixStore"/> as a singleton (default: matrix.json beside the app).</summary>
    public static IServiceCollection AddConversionMatrix(this IServiceCollection services, string? path = null)
    {
        services.AddSingleton(sp => new MatrixStore(
            path ?? MatrixStore.DefaultPath,
            sp.GetRequiredService<ILogger<MatrixStore>>()));
        return services;
    }
}
