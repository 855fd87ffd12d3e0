using System;

namespace CspAdmin.Engine.Model
{
    /// <summary>What a license transfer will do, before it changes anything (-WhatIf).</summary>
    public sealed class TransferPlan
    {
        public string CustomerId { get; set; } = "";
        /// <summary>The customer's company name, so tables read without GUIDs.</summary>
        public string CompanyName { get; set; } = "";
        public string From { get; set; } = "";
        public string To { get; set; } = "";
        /// <summary>Users still to move.</summary>
        public int Users { get; set; }
        /// <summary>Users already moved (by an earlier, interrupted run, or holding To already).</summary>
        public int AlreadyMoved { get; set; }
        public int SeatsNeeded { get; set; }
        public int SeatsFree { get; set; }
        public int SeatsToBuy { get; set; }
        public string Profile { get; set; } = "";

        /// <summary>"Contoso: 30 user(s) ENTERPRISEPACK -> SPE_E5; 5 seat(s) to buy".</summary>
        public override string ToString() =>
            (string.IsNullOrEmpty(CompanyName) ? "" : CompanyName + ": ") + $"{Users} user(s) {From} -> {To}; {SeatsToBuy} seat(s) to buy";
    }

    /// <summary>One user's outcome in a license transfer.</summary>
    public sealed class TransferResult
    {
        public string CustomerId { get; set; } = "";
        public string UserId { get; set; } = "";
        public string UserPrincipalName { get; set; } = "";
        public string From { get; set; } = "";
        public string To { get; set; } = "";
        /// <summary>Moved, Skipped or Failed.</summary>
        public string Status { get; set; } = "";
        public string? Reason { get; set; }
        public string Profile { get; set; } = "";

        /// <summary>"ann@contoso.com: Moved", or with the reason: "ann@contoso.com: Skipped (already holds SPE_E5)".</summary>
        public override string ToString() => $"{UserPrincipalName}: {Status}" + (string.IsNullOrEmpty(Reason) ? "" : $" ({Reason})");
    }

    /// <summary>A whole transfer in one object (-Summary).</summary>
    public sealed class TransferSummary
    {
        public string CustomerId { get; set; } = "";
        /// <summary>The customer's company name, so tables read without GUIDs.</summary>
        public string CompanyName { get; set; } = "";
        public int Moved { get; set; }
        public int Skipped { get; set; }
        public int Failed { get; set; }
        public int SeatsBought { get; set; }
        public TimeSpan Elapsed { get; set; }
        /// <summary>Graph $batch requests sent to move the users (each carries up to 20 changes).</summary>
        public long Requests { get; set; }
        /// <summary>Changes inside those batches that Graph throttled (429) and that were sent again after Retry-After.</summary>
        public long Throttled { get; set; }
        public string Profile { get; set; } = "";

        /// <summary>"Contoso: 120 moved, 0 skipped, 0 failed".</summary>
        public override string ToString() =>
            (string.IsNullOrEmpty(CompanyName) ? "" : CompanyName + ": ") + $"{Moved} moved, {Skipped} skipped, {Failed} failed";
    }
}
