using System;
using System.Linq;

namespace CspAdmin.Engine.Connections
{
    public static class CloudNames
    {
        public const string Global = "Global";
        public const string UsGovernment = "UsGovernment";
        public const string China = "China";
        public const string Custom = "Custom";
        public const string Emulator = "Emulator";

        /// <summary>The clouds a stored profile may name (Emulator is only the built-in connection).</summary>
        public static readonly string[] Storable = { Global, UsGovernment, China, Custom };
    }

    /// <summary>Where a cloud's sign-in, Graph and Partner Center services are (CONTRACTS.md §3).</summary>
    public sealed class CloudEndpoints
    {
        public CloudEndpoints(Uri authority, Uri graph, Uri partnerCenter)
        {
            Authority = authority;
            Graph = graph;
            PartnerCenter = partnerCenter;
        }

        public Uri Authority { get; }
        public Uri Graph { get; }
        public Uri PartnerCenter { get; }

        public static CloudEndpoints Global { get; } = new CloudEndpoints(
            new Uri("https://login.microsoftonline.com/"), new Uri("https://graph.microsoft.com/v1.0/"), new Uri("https://api.partnercenter.microsoft.com/v1/"));

        /// <summary>GCC High: its own sign-in and Graph, the global Partner Center root.</summary>
        public static CloudEndpoints UsGovernment { get; } = new CloudEndpoints(
            new Uri("https://login.microsoftonline.us/"), new Uri("https://graph.microsoft.us/v1.0/"), new Uri("https://api.partnercenter.microsoft.com/v1/"));

        /// <summary>Operated by 21Vianet.</summary>
        public static CloudEndpoints China { get; } = new CloudEndpoints(
            new Uri("https://login.chinacloudapi.cn/"), new Uri("https://microsoftgraph.chinacloudapi.cn/v1.0/"), new Uri("https://partner.partnercenterapi.microsoftonline.cn/v1/"));

        /// <summary>An emulator serves all three under one address, Entra's token endpoint at its root.</summary>
        public static CloudEndpoints ForEmulator(Uri baseAddress)
        {
            var root = baseAddress.AbsoluteUri.TrimEnd('/') + "/";
            return new CloudEndpoints(new Uri(root), new Uri(root + "graph/v1.0/"), new Uri(root + "partnercenter/v1/"));
        }

        /// <summary>The endpoints of a named cloud; null for Custom, whose endpoints are given.</summary>
        public static CloudEndpoints? For(string cloud) =>
            string.Equals(cloud, CloudNames.Global, StringComparison.OrdinalIgnoreCase) ? Global
            : string.Equals(cloud, CloudNames.UsGovernment, StringComparison.OrdinalIgnoreCase) ? UsGovernment
            : string.Equals(cloud, CloudNames.China, StringComparison.OrdinalIgnoreCase) ? China
            : null;

        /// <summary>The canonical spelling of a storable cloud name, or null.</summary>
        public static string? Canonical(string cloud) => CloudNames.Storable.FirstOrDefault(c => string.Equals(c, cloud, StringComparison.OrdinalIgnoreCase));
    }
}
