using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using CspAdmin.Engine.Operations;

namespace CspAdmin.Engine.Licensing
{
    /// <summary>
    /// Microsoft's "Product names and service plan identifiers for licensing" table, shipped compressed
    /// in the engine. Keyed on the SKU GUID: String_Id (the part number) is not unique.
    /// </summary>
    public sealed class ProductCatalog
    {
        private const string ResourceName = "CspAdmin.Engine.licensing.csv.gz";
        private static readonly Lazy<ProductCatalog> Shipped = new Lazy<ProductCatalog>(LoadShipped);

        private readonly Dictionary<Guid, ProductInfo> _bySkuId;
        private readonly Dictionary<Guid, string> _planNames;

        public ProductCatalog(IEnumerable<ProductInfo> products)
        {
            _bySkuId = products.ToDictionary(p => p.SkuId);
            _planNames = new Dictionary<Guid, string>();
            foreach (var plan in _bySkuId.Values.SelectMany(p => p.ServicePlans))
            {
                _planNames[plan.ServicePlanId] = plan.FriendlyName;
            }
        }

        /// <summary>The table that ships with CspAdmin.</summary>
        public static ProductCatalog Default => Shipped.Value;

        public IReadOnlyCollection<ProductInfo> Products => _bySkuId.Values;

        public ProductInfo? Find(string? skuId) =>
            Guid.TryParse(skuId, out var id) && _bySkuId.TryGetValue(id, out var product) ? product : null;

        /// <summary>The friendly product name; the part number (or the id) for SKUs the table does not know yet.</summary>
        public string ProductName(string? skuId, string? skuPartNumber) =>
            Find(skuId)?.DisplayName ?? (string.IsNullOrEmpty(skuPartNumber) ? skuId ?? "" : skuPartNumber!);

        public string? ServicePlanName(string? servicePlanId) =>
            Guid.TryParse(servicePlanId, out var id) && _planNames.TryGetValue(id, out var name) ? name : null;

        public static ProductCatalog Parse(TextReader csv)
        {
            var header = Csv.SplitLine(csv.ReadLine() ?? throw new InvalidDataException("The licensing table is empty."));
            int Column(string name)
            {
                var index = Array.FindIndex(header, h => string.Equals(h.Trim('\uFEFF', ' '), name, StringComparison.OrdinalIgnoreCase));
                return index >= 0 ? index : throw new InvalidDataException($"The licensing table has no '{name}' column.");
            }

            int display = Column("Product_Display_Name"), part = Column("String_Id"), guid = Column("GUID"),
                planName = Column("Service_Plan_Name"), planId = Column("Service_Plan_Id"), planFriendly = Column("Service_Plans_Included_Friendly_Names");
            var width = new[] { display, part, guid, planName, planId, planFriendly }.Max() + 1;

            var products = new Dictionary<Guid, ProductInfo>();
            string? line;
            while ((line = csv.ReadLine()) != null)
            {
                var fields = Csv.SplitLine(line);
                if (fields.Length < width || !Guid.TryParse(fields[guid], out var skuId))
                {
                    continue;
                }

                if (!products.TryGetValue(skuId, out var product))
                {
                    product = new ProductInfo(skuId, fields[part].Trim(), fields[display].Trim());
                    products.Add(skuId, product);
                }

                if (Guid.TryParse(fields[planId], out var servicePlanId))
                {
                    product.AddPlan(new ServicePlanInfo(servicePlanId, fields[planName].Trim(), fields[planFriendly].Trim()));
                }
            }

            return new ProductCatalog(products.Values);
        }

        private static ProductCatalog LoadShipped()
        {
            var stream = typeof(ProductCatalog).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"The engine assembly lacks its resource {ResourceName}.");
            using (var gzip = new GZipStream(stream, CompressionMode.Decompress))
            using (var reader = new StreamReader(gzip, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
            {
                return Parse(reader);
            }
        }
    }

    public sealed class ProductInfo
    {
        private readonly List<ServicePlanInfo> _plans = new List<ServicePlanInfo>();

        public ProductInfo(Guid skuId, string skuPartNumber, string displayName)
        {
            SkuId = skuId;
            SkuPartNumber = skuPartNumber;
            DisplayName = displayName;
        }

        public Guid SkuId { get; }
        public string SkuPartNumber { get; }
        public string DisplayName { get; }
        public IReadOnlyList<ServicePlanInfo> ServicePlans => _plans;

        internal void AddPlan(ServicePlanInfo plan)
        {
            if (_plans.All(p => p.ServicePlanId != plan.ServicePlanId))
            {
                _plans.Add(plan);
            }
        }

        public override string ToString() => $"{DisplayName} ({SkuPartNumber})";
    }

    public sealed class ServicePlanInfo
    {
        public ServicePlanInfo(Guid servicePlanId, string name, string friendlyName)
        {
            ServicePlanId = servicePlanId;
            Name = name;
            FriendlyName = friendlyName;
        }

        public Guid ServicePlanId { get; }
        public string Name { get; }
        public string FriendlyName { get; }
    }
}
