using System.Linq;

namespace CspAdmin.Engine.Model
{
    /// <summary>The license change of one user.</summary>
    public sealed class LicenseChangeResult
    {
        public string CustomerId { get; set; } = "";
        public string UserId { get; set; } = "";
        public string UserPrincipalName { get; set; } = "";
        /// <summary>Changed, or Unchanged when the user already had exactly what was asked.</summary>
        public string Status { get; set; } = "";
        public string[] Added { get; set; } = new string[0];
        public string[] Removed { get; set; } = new string[0];
        /// <summary>The part numbers the user holds afterwards.</summary>
        public string[] Licenses { get; set; } = new string[0];
        public string Profile { get; set; } = "";

        /// <summary>"ann@contoso.com: Changed (+SPE_E3, -ENTERPRISEPACK)".</summary>
        public override string ToString()
        {
            var changes = Added.Select(a => "+" + a).Concat(Removed.Select(r => "-" + r)).ToList();
            return $"{UserPrincipalName}: {Status}" + (changes.Count == 0 ? "" : $" ({string.Join(", ", changes)})");
        }
    }
}
