#Requires -Version 5.1
<#
.SYNOPSIS
    A mass license transfer (say Office 365 E3 to Microsoft 365 E5) for one customer as an Azure Automation
    runbook that survives being stopped: its checkpoint lives in an Automation variable or a storage blob, so the
    next job carries on where the last one stopped.

.DESCRIPTION
    Azure Automation stops a job after three hours (fair share) and discards its sandbox, local files included.
    Move-CspUserLicense resumes from a checkpoint file, so this runbook keeps that file somewhere lasting:

    1. Imports CspAdmin and connects (the emulator with -UseEmulator, else -ProfileName with the managed identity).
    2. Restores the checkpoint into a local file: from the blob at -CheckpointBlobUri (a URL with a SAS token
       that may read and write it), else from the Automation variable -CheckpointVariable (a String asset; create
       it empty once). A missing blob or empty variable means a fresh start.
    3. Reads who holds -From and moves them in chunks of -ChunkSize users with Move-CspUserLicense, which plans
       each chunk, buys missing seats with -AutoIncrease, and records every user moved in the checkpoint.
    4. Saves the checkpoint back after every chunk (and when the run ends or fails), so at most one chunk is
       redone, and a redone user is skipped because the checkpoint or the tenant shows it moved.
    5. Writes one summary object; throws when users failed, so the job ends as Failed. Start the runbook again
       (or schedule it hourly until the summary shows nothing left) to finish a transfer that was stopped.

    An Automation variable holds at most about 1 MB: enough for some 20,000 users. Use a blob for more.

.PARAMETER CustomerId
    The customer's tenant id.

.PARAMETER CustomerName
    The customer's company name, instead of -CustomerId; it must name exactly one customer.

.PARAMETER From
    The license to move users from: part number, product name or SKU id (e.g. ENTERPRISEPACK).

.PARAMETER To
    The license to move them to (e.g. SPE_E5).

.PARAMETER AutoIncrease
    Buy the seats of -To that are missing (for each chunk, once).

.PARAMETER ChunkSize
    Users per chunk; the checkpoint is saved after each. Default: 1000.

.PARAMETER CheckpointBlobUri
    A blob URL with a SAS token (read, write, create) where the checkpoint is kept.

.PARAMETER CheckpointVariable
    The Automation variable (String) where the checkpoint is kept when no blob is given.
    Default: CspAdmin-TransferCheckpoint.

.PARAMETER WhatIfOnly
    Plan only: writes Move-CspUserLicense's plan of each chunk; nothing is moved or bought, and the checkpoint
    is not changed.

.PARAMETER ProfileName
    The Partner Center profile that serves the customer. Required unless -UseEmulator is given.

.PARAMETER UseEmulator
    Rehearse against CspAdmin's emulated Microsoft cloud. The checkpoint goes to a local file only.

.PARAMETER ProfilesVariable
    The Automation variable asset that holds the contents of profiles.json. Default: CspAdmin-Profiles.

.PARAMETER ModulePath
    The CspAdmin module to import (a .psd1 path).

.EXAMPLE
    pwsh ./examples/Invoke-ResumableTransfer.ps1 -UseEmulator -CustomerName Fabrikam -From EXCHANGESTANDARD -To SPE_E5 -AutoIncrease -ChunkSize 4

    A rehearsal on the emulated Fabrikam: its Exchange Online (Plan 1) users move to Microsoft 365 E5 four at a
    time, and the missing E5 seats are bought.

.EXAMPLE
    ./Invoke-ResumableTransfer.ps1 -ProfileName 'cumulus-eu' -CustomerId '0c39d6d5-c70d-4c55-bc02-f620844f3fd1' -From ENTERPRISEPACK -To SPE_E5 -AutoIncrease -CheckpointBlobUri $sasUrl

    What the Automation job runs; start it again after a stop and it carries on.

.OUTPUTS
    One PSCustomObject: CustomerId, From, To, Holders (users holding -From when the run started), Moved,
    Skipped, Failed, SeatsBought, Chunks, Checkpoint (where it is kept), StartedAt, Duration.

.NOTES
    Works on Windows PowerShell 5.1 and PowerShell 7. Keep this file ASCII-only.
#>
[CmdletBinding()]
param(
    [string] $CustomerId = '',

    [string] $CustomerName = '',

    [Parameter(Mandatory = $true)]
    [string] $From,

    [Parameter(Mandatory = $true)]
    [string] $To,

    [switch] $AutoIncrease,

    [ValidateRange(1, 100000)]
    [int] $ChunkSize = 1000,

    [string] $CheckpointBlobUri = '',

    [string] $CheckpointVariable = 'CspAdmin-TransferCheckpoint',

    [switch] $WhatIfOnly,

    [string[]] $ProfileName = @(),

    [switch] $UseEmulator,

    [string] $ProfilesVariable = 'CspAdmin-Profiles',

    [string] $ModulePath = ''
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$startedAt = Get-Date

# What CspAdmin's runbooks share: beside this file, or published as the runbook CspAdminRunbook in Azure Automation.
. $(if ($PSScriptRoot) { Join-Path -Path $PSScriptRoot -ChildPath 'CspAdminRunbook.ps1' } else { '.\CspAdminRunbook.ps1' })

$inAutomation = [bool] (Get-Command -Name 'Get-AutomationVariable' -ErrorAction SilentlyContinue)

# Copies the lasting checkpoint to the local file; a missing blob or an empty variable leaves no file (a fresh start).
function Restore-Checkpoint {
    param([string] $Path)

    if ($CheckpointBlobUri) {
        try {
            Invoke-WebRequest -Uri $CheckpointBlobUri -OutFile $Path -UseBasicParsing | Out-Null
        }
        catch {
            $response = $_.Exception.Response
            if ($null -eq $response -or [int] $response.StatusCode -ne 404) {
                throw
            }
        }
    }
    elseif ($inAutomation -and -not $UseEmulator) {
        $saved = [string] (Get-AutomationVariable -Name $CheckpointVariable)
        if ($saved) {
            [System.IO.File]::WriteAllText($Path, $saved)
        }
    }
}

# Copies the local checkpoint back to where it lasts.
function Save-Checkpoint {
    param([string] $Path)

    if ($WhatIfOnly -or -not (Test-Path -LiteralPath $Path)) {
        return
    }

    if ($CheckpointBlobUri) {
        Invoke-RestMethod -Uri $CheckpointBlobUri -Method Put -InFile $Path -Headers @{ 'x-ms-blob-type' = 'BlockBlob' } -UseBasicParsing | Out-Null
    }
    elseif ($inAutomation -and -not $UseEmulator) {
        Set-AutomationVariable -Name $CheckpointVariable -Value ([System.IO.File]::ReadAllText($Path))
    }
}

$run = New-CspRunbook
try {
    Start-CspRunbook -Run $run -ModulePath $ModulePath -RunbookFolder $PSScriptRoot -ProfileName $ProfileName -UseEmulator:$UseEmulator `
        -ProfilesVariable $ProfilesVariable

    if (-not $CustomerId) {
        $named = @()
        if ($CustomerName) {
            $named = @(Get-CspCustomer -Name $CustomerName | Where-Object { $_.CompanyName -eq $CustomerName })
        }
        if ($named.Count -ne 1) {
            throw ("Name the customer with -CustomerId, or with a -CustomerName that matches exactly one customer ({0} match '{1}')." -f $named.Count, $CustomerName)
        }
        $CustomerId = $named[0].CustomerId
    }

    $checkpoint = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ("CspAdmin-transfer-{0}.jsonl" -f $CustomerId)
    Remove-Item -LiteralPath $checkpoint -ErrorAction SilentlyContinue
    Restore-Checkpoint -Path $checkpoint

    $holders = @(Get-CspUser -CustomerId $CustomerId -Sku $From | ForEach-Object { $_.UserId })
    Write-Verbose ("{0} user(s) hold {1}." -f $holders.Count, $From)

    $totals = [ordered]@{ Moved = 0; Skipped = 0; Failed = 0; SeatsBought = 0; Chunks = 0 }
    for ($start = 0; $start -lt $holders.Count; $start += $ChunkSize) {
        $end = [Math]::Min($start + $ChunkSize, $holders.Count) - 1
        $move = @{
            CustomerId     = $CustomerId
            From           = $From
            To             = $To
            UserId         = $holders[$start..$end]
            AutoIncrease   = $AutoIncrease
            CheckpointPath = $checkpoint
            Summary        = $true
        }
        if ($WhatIfOnly) {
            $move['WhatIf'] = $true
        }
        else {
            $move['Confirm'] = $false
        }

        try {
            foreach ($result in @(Move-CspUserLicense @move)) {
                if ($WhatIfOnly) {
                    # A plan (TransferPlan) per chunk: what would move, and the seats that would be bought.
                    Write-Output $result
                    continue
                }

                $totals.Moved += $result.Moved
                $totals.Skipped += $result.Skipped
                $totals.Failed += $result.Failed
                $totals.SeatsBought += $result.SeatsBought
            }
        }
        finally {
            Save-Checkpoint -Path $checkpoint
        }

        $totals.Chunks++
        Write-Verbose ("Chunk {0}: users {1} to {2} done; {3} moved so far." -f $totals.Chunks, ($start + 1), ($end + 1), $totals.Moved)
    }

    $where = 'a local file (rehearsal)'
    if ($CheckpointBlobUri) {
        $where = 'the blob ' + ($CheckpointBlobUri -split '\?')[0]
    }
    elseif ($inAutomation -and -not $UseEmulator) {
        $where = 'the Automation variable ' + $CheckpointVariable
    }

    [pscustomobject]@{
        CustomerId  = $CustomerId
        From        = $From
        To          = $To
        Holders     = $holders.Count
        Moved       = $totals.Moved
        Skipped     = $totals.Skipped
        Failed      = $totals.Failed
        SeatsBought = $totals.SeatsBought
        Chunks      = $totals.Chunks
        Checkpoint  = $where
        StartedAt   = $startedAt
        Duration    = (Get-Date) - $startedAt
    }

    if ($totals.Failed -gt 0) {
        throw ("{0} user(s) could not be moved; start the runbook again to retry them." -f $totals.Failed)
    }
}
finally {
    Stop-CspRunbook -Run $run
}
