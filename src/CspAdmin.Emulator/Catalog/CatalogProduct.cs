using System;
using System.Collections.Generic;

namespace CspAdmin.Emulator
{
    /// <summary>A product the emulated partners sell: a real SKU from Microsoft's licensing table plus its commerce ids.</summary>
    public sealed class CatalogProduct
    {
        internal CatalogProduct(string skuPartNumber, string skuId, string displayName, string ncePartNumber, string legacyOfferId,
            IReadOnlyList<CatalogServicePlan> servicePlans, bool isAddOn = false, IReadOnlyList<string>? addOnParents = null)
        {
            SkuPartNumber = skuPartNumber;
            SkuId = skuId;
            DisplayName = displayName;
            var parts = ncePartNumber.Split(':');
            ProductId = parts[0];
            NceSkuId = parts[1];
            AvailabilityId = parts[2];
            LegacyOfferId = legacyOfferId;
            ServicePlans = servicePlans;
            IsAddOn = isAddOn;
            AddOnParents = addOnParents ?? Array.Empty<string>();
        }

        /// <summary>Graph skuPartNumber (CSV String_Id), e.g. "ENTERPRISEPACK".</summary>
        public string SkuPartNumber { get; }
        /// <summary>Graph skuId (CSV GUID).</summary>
        public string SkuId { get; }
        public string DisplayName { get; }
        /// <summary>NCE catalog product id, e.g. "CFQ7TTC0LF8Q".</summary>
        public string ProductId { get; }
        /// <summary>NCE catalog sku id within the product, e.g. "0001".</summary>
        public string NceSkuId { get; }
        public string AvailabilityId { get; }
        /// <summary>NCE offer id / catalogItemId: "productId:skuId:availabilityId".</summary>
        public string NceOfferId => ProductId + ":" + NceSkuId + ":" + AvailabilityId;
        /// <summary>Legacy (pre-NCE) offer GUID.</summary>
        public string LegacyOfferId { get; }
        public IReadOnlyList<CatalogServicePlan> ServicePlans { get; }
        /// <summary>Add-ons need a base subscription (<see cref="AddOnParents"/>) and are sold with parentSubscriptionId.</summary>
        public bool IsAddOn { get; }
        /// <summary>SkuPartNumbers of the base products this add-on attaches to.</summary>
        public IReadOnlyList<string> AddOnParents { get; }
        /// <summary>Graph appliesTo / Partner Center targetType.</summary>
        public string AppliesTo => "User";

        public override string ToString() => SkuPartNumber;
    }

    public sealed class CatalogServicePlan
    {
        internal CatalogServicePlan(string name, string id, string friendlyName, string service, string appliesTo = "User")
        {
            Name = name;
            Id = id;
            FriendlyName = friendlyName;
            Service = service;
            AppliesTo = appliesTo;
        }

        /// <summary>servicePlanName (CSV Service_Plan_Name).</summary>
        public string Name { get; }
        /// <summary>servicePlanId (CSV Service_Plan_Id).</summary>
        public string Id { get; }
        public string FriendlyName { get; }
        /// <summary>Graph assignedPlans.service, e.g. "exchange".</summary>
        public string Service { get; }
        /// <summary>"User" or "Company".</summary>
        public string AppliesTo { get; }
    }
}
