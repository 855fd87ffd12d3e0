#Requires -Version 5.1
<#
.SYNOPSIS
    Audits the partner's GDAP access to every customer before the nightly jobs run, as an Azure Automation runbook:
    which customers lack the roles user and license management need, and whose access ends soon.

.DESCRIPTION
    Graph refuses user and license changes in a customer tenant unless the partner holds GDAP roles there (User
    Administrator, License Administrator) through a security group of its own. A relationship that expired or a
    role that was never assigned shows up only when a change fails. This runbook finds them first:

    1. Imports CspAdmin and connects: with -UseEmulator to the emulated cloud built into CspAdmin, otherwise to
       each profile in -ProfileName with the Automation account's managed identity.
    2. Runs Get-CspCustomer | Test-CspGdapAccess over every customer of every profile.
    3. Writes one object per customer that is not ready or whose access ends within -ExpiringWithinDays days
       (all customers with -IncludeReady), and one summary object.
    4. With -CsvPath, writes every customer's report to that CSV file (roles and groups joined with '; ').
    5. Throws at the end when a customer is not ready, so the job ends as Failed and job alerts fire; add
       -NoFail to end successfully anyway (for a report-only schedule).

.PARAMETER ProfileName
    The Partner Center profiles to connect. Required unless -UseEmulator is given.

.PARAMETER UseEmulator
    Rehearse against CspAdmin's emulated Microsoft cloud. Nothing real is read.

.PARAMETER ExpiringWithinDays
    Report customers whose GDAP access ends within this many days. Default: 30.

.PARAMETER IncludeReady
    Also write the customers that are ready and not expiring.

.PARAMETER CsvPath
    Write the reports of all customers to this CSV file.

.PARAMETER NoFail
    Do not throw when a customer is not ready.

.PARAMETER ProfilesVariable
    The Automation variable asset that holds the contents of profiles.json. Default: CspAdmin-Profiles.

.PARAMETER ModulePath
    The CspAdmin module to import (a .psd1 path). By default the loaded, the repository-built or the installed one.

.EXAMPLE
    pwsh ./examples/Invoke-GdapAudit.ps1 -UseEmulator -NoFail

    A rehearsal: the emulated customers whose GDAP roles are missing, and the summary.

.EXAMPLE
    ./Invoke-GdapAudit.ps1 -ProfileName 'cumulus-eu', 'cumulus-us' -ExpiringWithinDays 45

    What an Automation schedule runs an hour before the nightly optimisation.

.OUTPUTS
    CspAdmin.Engine.Model.GdapAccessReport for each customer reported, then one PSCustomObject summary:
    Profiles, Customers, Ready, NotReady, Expiring, FailedCustomers (could not be audited), StartedAt, Duration.

.NOTES
    Works on Windows PowerShell 5.1 and PowerShell 7. Keep this file ASCII-only.
#>
[CmdletBinding()]
param(
    [string[]] $ProfileName = @(),

    [switch] $UseEmulator,

    [ValidateRange(0, 3650)]
    [int] $ExpiringWithinDays = 30,

    [switch] $IncludeReady,

    [string] $CsvPath = '',

    [switch] $NoFail,

    [string] $ProfilesVariable = 'CspAdmin-Profiles',

    [string] $ModulePath = ''
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$startedAt = Get-Date

# What CspAdmin's runbooks share: beside this file, or published as the runbook CspAdminRunbook in Azure Automation.
. $(if ($PSScriptRoot) { Join-Path -Path $PSScriptRoot -ChildPath 'CspAdminRunbook.ps1' } else { '.\CspAdminRunbook.ps1' })

$run = New-CspRunbook
try {
    Start-CspRunbook -Run $run -ModulePath $ModulePath -RunbookFolder $PSScriptRoot -ProfileName $ProfileName -UseEmulator:$UseEmulator `
        -ProfilesVariable $ProfilesVariable

    $customers = @(Get-CspCustomer -ErrorAction SilentlyContinue -ErrorVariable customerErrors)
    # Test-CspGdapAccess warns for each customer that is not ready; the reports below say the same.
    $reports = @($customers | Test-CspGdapAccess -ErrorAction SilentlyContinue -ErrorVariable auditErrors -WarningAction SilentlyContinue)

    $notReady = @($reports | Where-Object { -not $_.IsReady })
    $expiring = @($reports | Where-Object { $_.IsReady -and $null -ne $_.DaysLeft -and $_.DaysLeft -le $ExpiringWithinDays })
    foreach ($report in $notReady) {
        Write-Warning ("{0}: {1}" -f $report.CompanyName, $report.Message)
    }
    foreach ($report in $expiring) {
        Write-Warning ("{0}: GDAP access ends in {1} day(s), on {2:yyyy-MM-dd}." -f $report.CompanyName, $report.DaysLeft, $report.ExpiresOn)
    }

    if ($IncludeReady) {
        $reports
    }
    else {
        $notReady + $expiring
    }

    if ($CsvPath) {
        $columns = @(
            'CompanyName'
            'CustomerId'
            'Profile'
            'IsReady'
            'DaysLeft'
            'ExpiresOn'
            @{ Name = 'MissingRoles'; Expression = { $_.MissingRoles -join '; ' } }
            @{ Name = 'GrantedRoles'; Expression = { $_.GrantedRoles -join '; ' } }
            @{ Name = 'SecurityGroups'; Expression = { $_.SecurityGroups -join '; ' } }
            'Message'
        )
        $reports | Select-Object -Property $columns | Export-Csv -LiteralPath $CsvPath -NoTypeInformation -Encoding UTF8
    }

    $failed = @(@($customerErrors) + @($auditErrors) | Where-Object { $null -ne $_ } | ForEach-Object {
        Write-Warning ("{0}: {1}: {2}" -f $_.TargetObject, (Get-ErrorId -Record $_), $_.Exception.Message)
        [string] $_.TargetObject
    })

    [pscustomobject]@{
        Profiles        = (@(Get-CspContext | ForEach-Object { $_.Profile })) -join ', '
        Customers       = $customers.Count
        Ready           = $reports.Count - $notReady.Count
        NotReady        = $notReady.Count
        Expiring        = $expiring.Count
        FailedCustomers = $failed
        StartedAt       = $startedAt
        Duration        = (Get-Date) - $startedAt
    }

    if (($notReady.Count -gt 0 -or $failed.Count -gt 0) -and -not $NoFail) {
        throw ("GDAP access is not ready for {0} customer(s) and could not be audited for {1}. See the warnings of this job." -f $notReady.Count, $failed.Count)
    }
}
finally {
    Stop-CspRunbook -Run $run
}
