#Requires -Version 5.1
<#
.SYNOPSIS
    The nightly license optimisation as an Azure Automation runbook: takes the seats nobody uses off the
    subscriptions you provide to every customer, within the NCE windows, and reports what it did.

.DESCRIPTION
    Removing licenses from users or deleting users frees seats, but never reduces a subscription: the
    customer pays for the free seats until someone takes them off. This runbook does that every night:

    1. Imports CspAdmin and connects: with -UseEmulator to the emulated Microsoft cloud built into CspAdmin
       (a rehearsal, no account needed); otherwise to each Partner Center profile named in -ProfileName,
       signed in with the Automation account's managed identity (Connect-CspService -Profile <name> -Identity).
    2. Runs Get-CspCustomer | Invoke-CspOptimization over every customer of every profile, with the headroom
       given by -KeepFree and -KeepFreePercent. With -WhatIfOnly it only plans (Invoke-CspOptimization -WhatIf).
       Invoke-CspOptimization reduces only the subscriptions you provide, never below the assigned seats plus
       the headroom, and NCE subscriptions only within their refund windows; see Get-Help Invoke-CspOptimization.
    3. Collects what failed: customers that could not be read or changed (non-terminating errors, collected
       with -ErrorVariable), and subscriptions whose reduction Partner Center refused (Status Failed). Each
       failure is also written as a warning.
    4. Writes one summary object to the output: customers, subscriptions reduced, seats saved, subscriptions
       skipped, and the customers that failed. With -Verbose, each reduction is written as a verbose message.
    5. Throws at the end when a customer failed (or a reduction of one of its subscriptions), after the
       summary, so that the Automation job ends as Failed ('pwsh -File' exits with a non-zero code) and your
       job alerts fire.

    Every reduction is written to the CspAdmin journal (operation SubscriptionChanged). An Azure Automation
    sandbox is discarded after the job, and its journal with it: pass -JournalPath to write the journal to a
    lasting place (a Hybrid Runbook Worker's disk, or a mounted file share), or rely on the job output.

    SETTING IT UP IN AZURE AUTOMATION

    1. Build the module package from the repository:
           pwsh ./build.ps1 -Task Package
       This writes out/package/CspAdmin.zip.
    2. In the Automation account, open Shared Resources > Modules > Add a module, choose "Browse for file",
       select CspAdmin.zip and the runtime version PowerShell 7.4. Wait until the module is Available.
    3. Open Process Automation > Runbooks > Create a runbook: runbook type PowerShell, runtime version 7.4.
       Paste this file (or import it), save and publish it. It also runs on the PowerShell 5.1 runtime if you
       import the module for 5.1 as well.
    4. Open Account Settings > Identity and turn the system-assigned managed identity on. The runbook signs in
       with it through Connect-CspService -Profile <name> -Identity: in the partner tenant, add the identity as a
       federated credential of the partner's app registration (issuer https://login.microsoftonline.com/<partner
       tenant id>/v2.0, subject the identity's object id, audience api://AzureADTokenExchange). No secret is kept.
    5. Give the sandbox the profiles (they hold ids and endpoints, never secrets): create a variable asset named
       CspAdmin-Profiles (not encrypted, type String) holding the contents of your profiles.json. The runbook
       writes it to a temporary folder and points CSPADMIN_CONFIG_HOME there. On a Hybrid Runbook Worker
       that has its own profiles.json, skip this step.
    6. Test it: start the runbook with ProfileName = ["cumulus-eu","cumulus-us"] and WhatIfOnly = true, and
       read the summary and the warnings in the job output.
    7. Open Shared Resources > Schedules, add a schedule that recurs every day (for example at 02:00 in your
       time zone), and link it to the runbook with ProfileName and, if you want headroom, KeepFree or
       KeepFreePercent. Leave WhatIfOnly false.
    8. Alert on failed jobs (for example an Azure Monitor alert on the Automation account's "Total Jobs" metric
       filtered to status Failed): a failed job means at least one customer was not optimised.

    REHEARSING OFFLINE

        pwsh ./examples/Invoke-NightlyOptimization.ps1 -UseEmulator -WhatIfOnly

    runs the whole runbook against the emulated cloud, from the repository after 'pwsh ./build.ps1 -Task Build'
    (or with CspAdmin installed). With -UseEmulator and no -JournalPath, the journal goes to a file in the
    temporary folder, so a rehearsal never writes to your own journal.

.PARAMETER ProfileName
    The Partner Center profiles to connect, one per Partner Center account (for example one per region). Every
    customer of every profile is optimised. Required unless -UseEmulator is given.

.PARAMETER UseEmulator
    Rehearse against CspAdmin's emulated Microsoft cloud (Connect-CspService -Emulator) instead of signing in.
    Nothing real is read or changed.

.PARAMETER WhatIfOnly
    Plan only: every customer is read and the summary counts the subscriptions and seats that would be reduced,
    but nothing is changed and nothing is journalled. In the Azure portal, enter true or false.

.PARAMETER KeepFree
    Unused seats to keep on every product of every customer, for new users. 0 (the default) removes every
    unused seat that can go. With -KeepFreePercent as well, the larger headroom wins.

.PARAMETER KeepFreePercent
    Unused seats to keep on every product as a percentage (0 to 100) of its assigned seats, rounded up.

.PARAMETER ProfilesVariable
    The name of the Automation variable asset that holds the contents of profiles.json. Used only inside Azure
    Automation, and only when the variable exists. Default: CspAdmin-Profiles.

.PARAMETER JournalPath
    Where CspAdmin journals the changes (sets CSPADMIN_JOURNAL_PATH for this run). By default the journal of
    the account the runbook runs as; with -UseEmulator, a file in the temporary folder.

.PARAMETER ModulePath
    The CspAdmin module to import (a .psd1 path). By default: the module already loaded, else the module built
    in this repository (out/CspAdmin) when the runbook runs from it, else the installed CspAdmin.

.EXAMPLE
    pwsh ./examples/Invoke-NightlyOptimization.ps1 -UseEmulator -WhatIfOnly

    A rehearsal: plans the optimisation of every emulated customer and writes the summary. Nothing is changed.

.EXAMPLE
    pwsh ./examples/Invoke-NightlyOptimization.ps1 -UseEmulator -KeepFree 2 -Verbose

    Optimises the emulated customers, keeping two free seats per product, and lists each reduction.

.EXAMPLE
    ./Invoke-NightlyOptimization.ps1 -ProfileName 'cumulus-eu', 'cumulus-us' -KeepFreePercent 5

    What the nightly schedule runs in Azure Automation: both regions, keeping 5 percent free seats.

.OUTPUTS
    System.Management.Automation.PSCustomObject
    One summary: Mode (WhatIf or Applied), Profiles, Customers, Subscriptions (lines examined),
    SubscriptionsReduced and SeatsSaved (reductions applied, or planned with -WhatIfOnly), Skipped,
    FailedSubscriptions, FailedCustomers, Failures (ErrorId and message of each failure), StartedAt and
    Duration.

.NOTES
    Works on Windows PowerShell 5.1 and PowerShell 7. Keep this file ASCII-only: Windows PowerShell 5.1
    reads a file without a byte order mark in the system code page.
#>
[CmdletBinding()]
param(
    [string[]] $ProfileName = @(),

    [switch] $UseEmulator,

    [switch] $WhatIfOnly,

    [ValidateRange(0, 100000)]
    [int] $KeepFree = 0,

    [ValidateRange(0, 100)]
    [double] $KeepFreePercent = 0,

    [string] $ProfilesVariable = 'CspAdmin-Profiles',

    [string] $JournalPath = '',

    [string] $ModulePath = ''
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$startedAt = Get-Date

# What CspAdmin's runbooks share: beside this file, or published as the runbook CspAdminRunbook in Azure Automation.
. $(if ($PSScriptRoot) { Join-Path -Path $PSScriptRoot -ChildPath 'CspAdminRunbook.ps1' } else { '.\CspAdminRunbook.ps1' })

# A rehearsal never writes to the real journal.
if (-not $JournalPath -and $UseEmulator) {
    $JournalPath = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath 'CspAdmin-rehearsal-journal.jsonl'
}

$run = New-CspRunbook -JournalPath $JournalPath
try {
    # 1. Connect. Connections this run did not open are left alone at the end.
    Start-CspRunbook -Run $run -ModulePath $ModulePath -RunbookFolder $PSScriptRoot -ProfileName $ProfileName -UseEmulator:$UseEmulator `
        -ProfilesVariable $ProfilesVariable
    $profiles = @(Get-CspContext | ForEach-Object { $_.Profile })

    # 2. Optimise every customer of every profile; a failing customer does not stop the others.
    $customers = @(Get-CspCustomer -ErrorAction SilentlyContinue -ErrorVariable customerErrors)
    Write-Verbose ("{0} customer(s)." -f $customers.Count)

    $optimization = @{
        KeepFree        = $KeepFree
        KeepFreePercent = $KeepFreePercent
        ErrorAction     = 'SilentlyContinue'
        ErrorVariable   = 'optimizationErrors'
    }
    if ($WhatIfOnly) {
        $optimization['WhatIf'] = $true
    }
    else {
        $optimization['Confirm'] = $false
    }

    $lines = @($customers | Invoke-CspOptimization @optimization)

    # 3. What failed.
    $names = @{}
    foreach ($customer in $customers) {
        $names[$customer.CustomerId] = $customer.CompanyName
    }

    $failures = New-Object -TypeName System.Collections.Generic.List[object]
    foreach ($record in @($customerErrors) + @($optimizationErrors)) {
        if ($null -eq $record) {
            continue
        }

        # Customer errors name the customer (its id) as their target; show its name when it is known.
        $target = [string] $record.TargetObject
        $customerName = $target
        if (-not $target) {
            $customerName = '(unknown customer)'
        }
        elseif ($names.ContainsKey($target)) {
            $customerName = $names[$target]
        }

        $failures.Add([pscustomobject]@{
            Customer       = $customerName
            CustomerId     = $target
            SubscriptionId = $null
            ErrorId        = Get-ErrorId -Record $record
            Message        = $record.Exception.Message
        })
    }

    foreach ($line in @($lines | Where-Object { $_.Status -eq 'Failed' })) {
        $customerName = $line.CompanyName
        if (-not $customerName) {
            $customerName = $line.CustomerId
        }

        $failures.Add([pscustomobject]@{
            Customer       = $customerName
            CustomerId     = $line.CustomerId
            SubscriptionId = $line.SubscriptionId
            ErrorId        = 'SubscriptionReductionFailed'
            Message        = $line.Reason
        })
    }

    foreach ($failure in $failures) {
        Write-Warning ("{0}: {1}: {2}" -f $failure.Customer, $failure.ErrorId, $failure.Message)
    }

    # 4. The summary.
    if ($WhatIfOnly) {
        $mode = 'WhatIf'
        $reducedStatus = 'Planned'
    }
    else {
        $mode = 'Applied'
        $reducedStatus = 'Applied'
    }

    $reduced = @($lines | Where-Object { $_.Status -eq $reducedStatus })
    $seatsSaved = 0
    foreach ($line in $reduced) {
        $seatsSaved += $line.Saved
        Write-Verbose ("{0}: {1} ({2}) {3} -> {4} seat(s), {5}." -f $line.CompanyName, $line.OfferName, $line.SubscriptionId,
            $line.CurrentQuantity, $line.ProposedQuantity, $line.Status)
    }

    $failedCustomers = @($failures | ForEach-Object { $_.Customer } | Sort-Object -Unique)

    Write-Output ([pscustomobject]@{
        Mode                 = $mode
        Profiles             = $profiles -join ', '
        Customers            = $customers.Count
        Subscriptions        = $lines.Count
        SubscriptionsReduced = $reduced.Count
        SeatsSaved           = $seatsSaved
        Skipped              = @($lines | Where-Object { $_.Status -eq 'Skipped' }).Count
        FailedSubscriptions  = @($lines | Where-Object { $_.Status -eq 'Failed' }).Count
        FailedCustomers      = $failedCustomers
        Failures             = $failures.ToArray()
        StartedAt            = $startedAt
        Duration             = (Get-Date) - $startedAt
    })

    # 5. Fail the job when a customer failed.
    if ($failures.Count -gt 0) {
        throw ("License optimisation failed for {0} customer(s): {1}. See the warnings of this job." -f $failedCustomers.Count, ($failedCustomers -join ', '))
    }
}
finally {
    Stop-CspRunbook -Run $run
}
