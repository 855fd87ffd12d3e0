using System.Collections.Generic;
using System.Threading.Tasks;

namespace CspAdmin.Engine.Operations
{
    public static class AsyncEnumerable
    {
        /// <summary>Collects a paged stream, for the small collections (a tenant's SKUs) an operation needs whole.</summary>
        public static async Task<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> source)
        {
            var list = new List<T>();
            await foreach (var item in source.ConfigureAwait(false))
            {
                list.Add(item);
            }

            return list;
        }
    }
}
