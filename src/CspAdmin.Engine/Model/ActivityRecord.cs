using System;
using System.Globalization;

namespace CspAdmin.Engine.Model
{
    /// <summary>One change from the journal, as Get-CspActivity shows it.</summary>
    public sealed class ActivityRecord
    {
        public DateTimeOffset? Time { get; set; }
        public string Operation { get; set; } = "";
        public string Profile { get; set; } = "";
        public string CustomerId { get; set; } = "";
        public string Target { get; set; } = "";
        /// <summary>Started (interrupted, outcome unknown), Succeeded or Failed.</summary>
        public string Outcome { get; set; } = "";
        /// <summary>The state before, as JSON.</summary>
        public string? Before { get; set; }
        /// <summary>The state after (or intended, while Started), as JSON.</summary>
        public string? After { get; set; }
        public string? Detail { get; set; }

        /// <summary>"2024-05-01 09:30:00Z SubscriptionChanged …: Succeeded (24 -> 18 seat(s))", the time in UTC.</summary>
        public override string ToString() =>
            (Time.HasValue ? Time.Value.ToString("u", CultureInfo.InvariantCulture) + " " : "")
            + $"{Operation} {Target}: {Outcome}"
            + (string.IsNullOrEmpty(Detail) ? "" : $" ({Detail})");
    }
}
