#Requires -Version 5.1
<#
.SYNOPSIS
    What CspAdmin's runbooks share: importing the module, the profiles from an Automation variable, signing in
    with the managed identity (or the emulator), and closing what they opened.

.DESCRIPTION
    Dot-source it at the top of a runbook. In Azure Automation, publish it as a PowerShell runbook named
    CspAdminRunbook in the same account (same runtime version) and the runbooks find it as .\CspAdminRunbook.ps1;
    locally they find it beside themselves.

.NOTES
    Works on Windows PowerShell 5.1 and PowerShell 7. Keep this file ASCII-only.
#>

# Imports CspAdmin: the given .psd1; else the module already loaded; else the one built in this repository
# (out/CspAdmin) when the runbook runs from it; else the installed module.
function Import-CspAdminModule {
    param([string] $Path, [string] $RunbookFolder)

    if ($Path) {
        Import-Module -Name $Path -ErrorAction Stop
        return
    }

    if (Get-Module -Name 'CspAdmin') {
        return
    }

    if ($RunbookFolder) {
        $repository = Split-Path -Path $RunbookFolder -Parent
        $built = Join-Path -Path (Join-Path -Path (Join-Path -Path $repository -ChildPath 'out') -ChildPath 'CspAdmin') -ChildPath 'CspAdmin.psd1'
        if (Test-Path -LiteralPath $built) {
            Import-Module -Name $built -ErrorAction Stop
            return
        }
    }

    if (Get-Module -ListAvailable -Name 'CspAdmin') {
        Import-Module -Name 'CspAdmin' -ErrorAction Stop
        return
    }

    throw 'CspAdmin was not found. Import the module into the Automation account, install it, build it with ' +
        "'pwsh ./build.ps1 -Task Build' in the repository, or pass -ModulePath."
}

# In Azure Automation, the profiles (ids and endpoints, never secrets) come from a String variable asset:
# written to a temporary configuration folder that CSPADMIN_CONFIG_HOME then points at.
function Set-ProfilesFromAutomationVariable {
    param([string] $Name)

    if (-not $Name -or -not (Get-Command -Name 'Get-AutomationVariable' -ErrorAction SilentlyContinue)) {
        return
    }

    $json = $null
    try {
        $json = Get-AutomationVariable -Name $Name -ErrorAction Stop
    }
    catch {
        Write-Verbose "No Automation variable '$Name'; using the profiles of the sandbox or worker."
        return
    }

    if (-not $json) {
        return
    }

    $folder = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath 'CspAdmin-config'
    New-Item -ItemType Directory -Path $folder -Force | Out-Null
    Set-Content -LiteralPath (Join-Path -Path $folder -ChildPath 'profiles.json') -Value ([string] $json) -Encoding UTF8
    $env:CSPADMIN_CONFIG_HOME = $folder
    Write-Verbose "Profiles from the Automation variable '$Name' written to $folder."
}

# Records what a run changes in the session (configuration folder, journal path, connections), so that
# Stop-CspRunbook can put it back; sets the journal path when one is given. Call it before the try block
# whose finally calls Stop-CspRunbook.
function New-CspRunbook {
    param([string] $JournalPath)

    $run = [pscustomobject]@{
        ConfigHome     = $env:CSPADMIN_CONFIG_HOME
        JournalPath    = $env:CSPADMIN_JOURNAL_PATH
        ProfilesBefore = $null
    }
    if ($JournalPath) {
        $env:CSPADMIN_JOURNAL_PATH = $JournalPath
    }

    $run
}

# Imports CspAdmin, then connects the emulator or each named profile with the managed identity.
function Start-CspRunbook {
    param($Run, [string] $ModulePath, [string] $RunbookFolder, [string[]] $ProfileName, [switch] $UseEmulator, [string] $ProfilesVariable)

    Import-CspAdminModule -Path $ModulePath -RunbookFolder $RunbookFolder
    $Run.ProfilesBefore = @(Get-CspContext | ForEach-Object { $_.Profile })
    if ($UseEmulator) {
        Connect-CspService -Emulator | Out-Null
    }
    else {
        if (@($ProfileName).Count -eq 0) {
            throw 'Name the Partner Center profiles with -ProfileName, or rehearse with -UseEmulator.'
        }

        Set-ProfilesFromAutomationVariable -Name $ProfilesVariable
        foreach ($name in $ProfileName) {
            Connect-CspService -Profile $name -Identity | Out-Null
        }
    }

    Write-Verbose ("Connected: {0}." -f ((@(Get-CspContext | ForEach-Object { $_.Profile })) -join ', '))
}

# Ends a run: closes the connections it opened (those open before are left alone) and restores the
# configuration folder and the journal path.
function Stop-CspRunbook {
    param($Run)

    if ($null -ne $Run.ProfilesBefore) {
        $opened = @(Get-CspContext | ForEach-Object { $_.Profile } | Where-Object { @($Run.ProfilesBefore) -notcontains $_ })
        if ($opened.Count -gt 0) {
            Disconnect-CspService -Profile $opened -ErrorAction SilentlyContinue
        }
    }

    $env:CSPADMIN_CONFIG_HOME = $Run.ConfigHome
    $env:CSPADMIN_JOURNAL_PATH = $Run.JournalPath
}

function Get-ErrorId {
    param($Record)
    ([string] $Record.FullyQualifiedErrorId -split ',')[0]
}
